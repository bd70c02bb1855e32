package dunes.appliance.vami;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of the lab's VAMI surface (docs/lab-node.md, *unverified* for a real appliance):
 * {@code {"hostname"}}, {@code {"timezone"}}, {@code {"ip","netmask","gateway","dns":[…]}}.
 * Fields beyond these are ignored, so a richer answer still reads; a missing one is an error
 * that names the expected shape.
 */
final class VamiJson {

  static final String HOSTNAME_SHAPE = "{\"hostname\":\"<fqdn>\"}";
  static final String TIMEZONE_SHAPE = "{\"timezone\":\"<IANA zone id>\"}";
  static final String NETWORK_SHAPE = "{\"ip\",\"netmask\",\"gateway\",\"dns\":[…]} (strings)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private VamiJson() {}

  static String hostname(String body, String where) {
    return text(object(body, where, HOSTNAME_SHAPE), "hostname", where, HOSTNAME_SHAPE);
  }

  static String timezone(String body, String where) {
    return text(object(body, where, TIMEZONE_SHAPE), "timezone", where, TIMEZONE_SHAPE);
  }

  static StaticNetwork network(String body, String where) {
    JsonNode node = object(body, where, NETWORK_SHAPE);
    List<String> dns = new ArrayList<>();
    JsonNode servers = node.get("dns");
    if (servers != null && !servers.isNull()) {
      if (!servers.isArray()) {
        throw unexpected(where, NETWORK_SHAPE, "'dns' is not an array");
      }
      servers.forEach(server -> {
        if (!server.isTextual()) {
          throw unexpected(where, NETWORK_SHAPE, "'dns' holds a non-string " + server);
        }
        dns.add(server.asText());
      });
    }
    return new StaticNetwork(text(node, "ip", where, NETWORK_SHAPE), text(node, "netmask", where, NETWORK_SHAPE),
        text(node, "gateway", where, NETWORK_SHAPE), dns);
  }

  /** The {"error"} text of a refusal, or the raw body when it has none. */
  static String error(String body) {
    try {
      JsonNode error = JSON.readTree(body).get("error");
      return error != null && error.isTextual() ? error.asText() : body;
    } catch (JsonProcessingException | RuntimeException e) {
      return body;
    }
  }

  static String hostnameBody(String hostname) {
    return write(JSON.createObjectNode().put("hostname", hostname));
  }

  static String timezoneBody(String timezone) {
    return write(JSON.createObjectNode().put("timezone", timezone));
  }

  static String networkBody(StaticNetwork network) {
    ObjectNode body = JSON.createObjectNode()
        .put("ip", network.ip()).put("netmask", network.netmask()).put("gateway", network.gateway());
    ArrayNode dns = body.putArray("dns");
    network.dns().forEach(dns::add);
    return write(body);
  }

  private static JsonNode object(String body, String where, String shape) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw unexpected(where, shape, "the answer is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new VamiProtocolException(where + " answered no valid JSON; expected " + shape, e);
    }
  }

  private static String text(JsonNode node, String field, String where, String shape) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw unexpected(where, shape, "it has no '" + field + "' string");
    }
    return value.asText();
  }

  private static VamiProtocolException unexpected(String where, String shape, String problem) {
    return new VamiProtocolException(where + " answered unexpected JSON: " + problem + "; expected " + shape);
  }

  private static String write(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a VAMI request body", e);
    }
  }
}
