package dunes.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A build request as the Tasklist start form {@code build-request} submits it: one variable per
 * field, {@code request_} + the field's path with {@code _} between parts ({@code request_nodes_1_ip}).
 */
public final class StartFormVariables {

  private StartFormVariables() {}

  /** Every field of {@code request} but {@code requestedBy}: who starts from Tasklist is the requester, the form has no such field. */
  public static Map<String, Object> of(JsonNode request) {
    Map<String, Object> variables = new TreeMap<>();
    flatten(request, "request", variables);
    variables.remove("request_requestedBy");
    return variables;
  }

  /** As the REST body of {@code submit-form} wants them: {@code {name: {value: ...}}}. */
  public static Map<String, Object> rest(JsonNode request) {
    Map<String, Object> body = new TreeMap<>();
    of(request).forEach((name, value) -> body.put(name, Map.of("value", value)));
    return body;
  }

  private static void flatten(JsonNode node, String key, Map<String, Object> variables) {
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(e.getValue(), key + "_" + e.getKey(), variables));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(node.get(i), key + "_" + i, variables);
      }
    } else if (node.isIntegralNumber()) {
      variables.put(key, node.asInt());
    } else if (node.isBoolean()) {
      variables.put(key, node.asBoolean());
    } else if (!node.isNull()) {
      variables.put(key, node.asText());
    }
  }
}
