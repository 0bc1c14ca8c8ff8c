import type { StackConfig } from "../config.ts";

/** The pipeline's topics and their partition counts (from `kafka.partitions`). */
export function pipelineTopics(config: StackConfig): { name: string; partitions: number }[] {
  const { partitions } = config.kafka;
  return [
    { name: "users.raw", partitions: partitions.raw },
    { name: "users.processed", partitions: partitions.processed },
    { name: "users.stats", partitions: partitions.stats },
    { name: "users.dlq", partitions: partitions.dlq },
  ];
}
