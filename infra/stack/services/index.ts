import type { ServiceDefinition } from "../service.ts";
import { cassandra } from "./cassandra.ts";
import { kafka } from "./kafka.ts";
import { moto } from "./moto.ts";

/** Every service of the local stack, in start order. */
export const services: readonly ServiceDefinition[] = [kafka, cassandra, moto];
