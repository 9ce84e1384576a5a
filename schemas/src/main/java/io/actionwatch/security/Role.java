package io.actionwatch.security;

import java.util.Locale;

/**
 * The principals of a secured deployment, one per process role, each with only the rights {@link AccessPolicy}
 * gives it (deny by default). The name is the SCRAM user on the broker and the basic-auth user of the registry.
 */
public enum Role {
    /** Edge cameras: write frames.v1. */
    CAMERA,
    /** The stream application: read frames, write events and dead letters, its group, transactions, internal topics. */
    INFERENCE,
    /** The sink: read events, write alerts and dead letters, its group. */
    SINK,
    /** People and their tools: read every topic, run replays under their own prefix. */
    OPERATOR,
    /** Provisioning: create topics and register schemas. The only role the registry lets write. */
    ADMIN;

    /** The user name, e.g. {@code camera}. */
    public String user() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the schema registry lets this role register schemas and change rules. */
    public boolean registersSchemas() {
        return this == ADMIN;
    }
}
