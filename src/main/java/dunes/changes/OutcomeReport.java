package dunes.changes;

import dunes.build.FieldError;
import dunes.build.Verification;
import java.time.Instant;
import java.util.List;

/**
 * The body POSTed to change management (documented in docs/api.md). {@code eventId} is the same
 * on every retry of one report, so the receiver can drop duplicates of an at-least-once delivery.
 */
public record OutcomeReport(
    String eventId,
    String ticket,
    String processInstanceId,
    String outcome,
    String message,
    List<FieldError> errors,
    Verification verification,
    Instant reportedAt) {}
