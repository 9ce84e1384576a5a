package io.actionwatch.operator.format;

/** How a tool prints the records it lists: an aligned table for people, JSON lines for programs. */
public enum OutputFormat {
    table,
    jsonl
}
