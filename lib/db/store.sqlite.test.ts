import { storeContract } from "./store.contract";

storeContract("sqlite");
