import type { ServiceDefinition } from "../service.ts";
import { airflow } from "./airflow.ts";
import { cassandra } from "./cassandra.ts";
import { functions } from "./functions.ts";
import { kafka } from "./kafka.ts";
import { moto } from "./moto.ts";
import { source } from "./source.ts";
import { spark } from "./spark.ts";

/** Every service of the local stack, in start order. */
export const services: readonly ServiceDefinition[] = [
  kafka,
  cassandra,
  moto,
  source,
  functions,
  airflow,
  spark,
];
