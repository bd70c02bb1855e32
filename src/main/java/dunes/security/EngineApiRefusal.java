package dunes.security;

import java.util.List;

/**
 * Why {@link EngineApiGuard} did not pass a call on to the engine: the HTTP status, a type in the
 * manner of the engine's own error bodies, a message, and the variables refused (if that was why).
 */
record EngineApiRefusal(int status, String type, String message, List<String> variables) {

  static EngineApiRefusal forbidden(String message) {
    return new EngineApiRefusal(403, "AuthorizationException", message, List.of());
  }

  static EngineApiRefusal variables(String message, List<String> variables) {
    return new EngineApiRefusal(400, "InvalidVariablesException", message, List.copyOf(variables));
  }

  static EngineApiRefusal badRequest(String message) {
    return new EngineApiRefusal(400, "InvalidRequestException", message, List.of());
  }
}
