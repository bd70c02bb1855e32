package dunes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/** The README's example request (docs/build-request.example.json), with a fresh ticket per test. */
public final class ExampleRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExampleRequest() {}

  public static String newTicket() {
    return "CHG" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  public static ObjectNode withTicket(String ticket) {
    try {
      ObjectNode request = (ObjectNode) JSON.readTree(Path.of("docs/build-request.example.json").toFile());
      request.put("ticket", ticket);
      return request;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String json(JsonNode node) {
    return node.toString();
  }

  /** The example with one change, e.g. {@code r -> node(r, "nodes/1").put("ip", "10.0.0.12")}. */
  public static String changed(String ticket, Consumer<ObjectNode> change) {
    ObjectNode request = withTicket(ticket);
    change.accept(request);
    return request.toString();
  }

  /** The object at a JSON pointer without its leading slash, e.g. {@code "nodes/1"}. */
  public static ObjectNode node(ObjectNode root, String pointer) {
    return (ObjectNode) root.at("/" + pointer);
  }
}
