import { storeContract } from "@/lib/testing/store-contract";

storeContract("sqlite");
