import { outboxLeaseContract } from "@/lib/testing/outbox-contract";

outboxLeaseContract("sqlite");
