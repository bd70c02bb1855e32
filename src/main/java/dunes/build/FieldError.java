package dunes.build;

/** One problem with one field of a build request, e.g. {@code nodes[1].ip}. */
public record FieldError(String field, String message) {}
