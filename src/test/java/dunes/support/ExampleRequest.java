package dunes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.dns.LabClusters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/** The README's example request (docs/build-request.example.json), with a fresh ticket per test. */
public final class ExampleRequest {

  /**
   * The port of every test lab's DNS (dnsmasq at the lab's own {@code 127.0.<octet>.53}; off 53, which
   * only root may bind); Dunes beside such a lab sets {@code dunes.dns.port} to it.
   */
  public static final int LAB_DNS_PORT = 15353;

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

  /** The example whose {@code network.dns} is a test lab's DNS server, {@code labDns}: its names resolve. */
  public static ObjectNode withTicket(String ticket, String labDns) {
    ObjectNode request = withTicket(ticket);
    node(request, "network").putArray("dns").add(labDns);
    return request;
  }

  /**
   * The request on a cluster the lab handed out ({@code LabClusters.allocate}): its name, virtual IP
   * and nodes, which the lab's DNS serves forward and reverse.
   */
  public static ObjectNode onCluster(ObjectNode request, LabClusters.Cluster cluster) {
    node(request, "cluster").put("name", cluster.name()).put("fqdn", cluster.fqdn()).put("virtualIp", cluster.virtualIp());
    ArrayNode nodes = request.putArray("nodes");
    cluster.nodes().forEach(n -> nodes.addObject().put("name", n.name()).put("fqdn", n.fqdn()).put("ip", n.ip())
        .put("netmask", cluster.netmask()).put("gateway", cluster.gateway()));
    return request;
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

  /** {@link #changed(String, Consumer)} for a build in a test lab, whose DNS server is {@code labDns}. */
  public static String changed(String ticket, String labDns, Consumer<ObjectNode> change) {
    ObjectNode request = withTicket(ticket, labDns);
    change.accept(request);
    return request.toString();
  }

  /** The object at a JSON pointer without its leading slash, e.g. {@code "nodes/1"}. */
  public static ObjectNode node(ObjectNode root, String pointer) {
    return (ObjectNode) root.at("/" + pointer);
  }
}
