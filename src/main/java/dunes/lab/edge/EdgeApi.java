package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.notFound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.InvalidEdgeXmlException;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.PagedEdgeList;
import dunes.edge.xml.Pool;
import dunes.edge.xml.VirtualServer;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vShield Manager's REST surface for edges (API 3.0): routes each request to the edge, with
 * Basic auth and the fault knobs of its endpoint ({@code edge:api:config}, {@code edge:api:pools},
 * {@code edge:api:virtualservers}, {@code edge:api:vnics}, {@code edge:api:edges}; a knob on
 * {@code edge:api} covers them all).
 */
final class EdgeApi implements HttpHandler {

  private static final String XML = "application/xml";
  private static final String EDGES = "/api/3\\.0/edges";
  private static final String LB = EDGES + "/([^/]+)/loadbalancer/config";
  /** Where NSX-v states its version (vmware-archive/nsxraml nsxvapi.raml, globalInfoRead). */
  static final String GLOBAL_INFO = "/api/1.0/appliance-management/global/info";

  private record Endpoint(Pattern path, String name, Operation operation) {}

  @FunctionalInterface
  private interface Operation {
    void handle(HttpExchange exchange, Edge edge, List<String> ids) throws IOException;
  }

  private final Map<String, Edge> edges;
  private final LabBasicAuth auth;
  private final LabFaults faults;
  private final List<Endpoint> endpoints;

  /**
   * @param nsxVersion null: a vShield Manager 5.x, which states no version at
   *     {@value #GLOBAL_INFO}; else the NSX Manager version it answers there, e.g. {@code 6.3.0}.
   *     From 6.3 on, every {@code /api/3.0/edges} path is gone (404), as NSX 6.3.0 removed them.
   */
  EdgeApi(Map<String, Edge> edges, LabBasicAuth auth, LabFaults faults, LabManagerVersion nsxVersion) {
    this.edges = edges;
    this.auth = auth;
    this.faults = faults;
    List<Endpoint> served = new ArrayList<>();
    if (nsxVersion != null) {
      served.add(new Endpoint(Pattern.compile(Pattern.quote(GLOBAL_INFO)), "edge:api:version",
          (exchange, edge, ids) -> {
            requireMethod(exchange, "GET");
            LabHttp.send(exchange, 200, XML, nsxVersion.globalInfo());
          }));
    }
    if (nsxVersion == null || nsxVersion.servesEdgeApi3()) {
      served.addAll(edgeApi3());
    }
    this.endpoints = List.copyOf(served);
  }

  private List<Endpoint> edgeApi3() {
    return List.of(
        new Endpoint(Pattern.compile(EDGES + "/?"), "edge:api:edges", this::edgeList),
        new Endpoint(Pattern.compile(LB + "/?"), "edge:api:config", this::config),
        new Endpoint(Pattern.compile(LB + "/pools/?"), "edge:api:pools", this::pools),
        new Endpoint(Pattern.compile(LB + "/pools/([^/]+)"), "edge:api:pools", this::pool),
        new Endpoint(Pattern.compile(LB + "/virtualservers/?"), "edge:api:virtualservers", this::virtualServers),
        new Endpoint(Pattern.compile(LB + "/virtualservers/([^/]+)"), "edge:api:virtualservers", this::virtualServer),
        new Endpoint(Pattern.compile(EDGES + "/([^/]+)/vnics/(\\d{1,9})"), "edge:api:vnics", this::vnic));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    for (Endpoint endpoint : endpoints) {
      Matcher matcher = endpoint.path().matcher(path);
      if (matcher.matches()) {
        LabHttp.withKnobs(faults, endpoint.name(), e -> answer(e, endpoint, matcher)).handle(exchange);
        return;
      }
    }
    LabHttp.withKnobs(faults, "edge:api", e -> {
      if (authorized(e)) {
        error(e, notFound("no such resource: " + path));
      }
    }).handle(exchange);
  }

  private void answer(HttpExchange exchange, Endpoint endpoint, Matcher matcher) throws IOException {
    if (!authorized(exchange)) {
      return;
    }
    try {
      List<String> ids = new ArrayList<>();
      for (int group = 2; group <= matcher.groupCount(); group++) {
        ids.add(matcher.group(group));
      }
      Edge edge = matcher.groupCount() >= 1 ? edge(matcher.group(1)) : null;
      endpoint.operation().handle(exchange, edge, ids);
    } catch (EdgeApiException e) {
      error(exchange, e);
    } catch (InvalidEdgeXmlException e) {
      error(exchange, EdgeApiException.badRequest(e.getMessage()));
    } catch (RuntimeException e) {
      // a lab bug must still reach the client as an answer, not as a dropped connection
      error(exchange, new EdgeApiException(500, 14500, "internal error in the lab edge: " + e));
    }
  }

  private void edgeList(HttpExchange exchange, Edge unused, List<String> ids) throws IOException {
    requireMethod(exchange, "GET");
    PagedEdgeList list = new PagedEdgeList();
    for (Edge edge : edges.values()) {
      PagedEdgeList.EdgeSummary summary = new PagedEdgeList.EdgeSummary();
      summary.id = edge.id();
      summary.name = edge.name();
      summary.state = "deployed";
      list.edgePage.summaries.add(summary);
    }
    xml(exchange, 200, list);
  }

  private void config(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    switch (exchange.getRequestMethod()) {
      case "GET" -> xml(exchange, 200, edge.config());
      case "PUT" -> {
        edge.putConfig(body(exchange, LoadBalancer.class));
        noContent(exchange);
      }
      case "DELETE" -> {
        edge.deleteConfig();
        noContent(exchange);
      }
      default -> throw methodNotAllowed(exchange);
    }
  }

  private void pools(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    switch (exchange.getRequestMethod()) {
      case "GET" -> {
        // the documented answer: <loadBalancer><pool>…</pool></loadBalancer> (vmware-vshield vshield_loadbalancer_pool)
        LoadBalancer list = new LoadBalancer();
        list.pools.addAll(edge.config().pools);
        xml(exchange, 200, list);
      }
      case "POST" -> created(exchange, edge.addPool(body(exchange, Pool.class)));
      default -> throw methodNotAllowed(exchange);
    }
  }

  private void pool(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    String poolId = ids.get(0);
    switch (exchange.getRequestMethod()) {
      case "GET" -> xml(exchange, 200, edge.pool(poolId));
      case "PUT" -> {
        edge.updatePool(poolId, body(exchange, Pool.class));
        noContent(exchange);
      }
      case "DELETE" -> {
        edge.deletePool(poolId);
        noContent(exchange);
      }
      default -> throw methodNotAllowed(exchange);
    }
  }

  private void virtualServers(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    switch (exchange.getRequestMethod()) {
      case "GET" -> {
        // <loadBalancer><virtualServer>…</virtualServer></loadBalancer> (vmware-vshield vshield_loadbalancer_vip)
        LoadBalancer list = new LoadBalancer();
        list.virtualServers.addAll(edge.config().virtualServers);
        xml(exchange, 200, list);
      }
      case "POST" -> created(exchange, edge.addVirtualServer(body(exchange, VirtualServer.class)));
      default -> throw methodNotAllowed(exchange);
    }
  }

  private void virtualServer(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    String serverId = ids.get(0);
    switch (exchange.getRequestMethod()) {
      case "GET" -> xml(exchange, 200, edge.virtualServer(serverId));
      case "PUT" -> {
        edge.updateVirtualServer(serverId, body(exchange, VirtualServer.class));
        noContent(exchange);
      }
      case "DELETE" -> {
        edge.deleteVirtualServer(serverId);
        noContent(exchange);
      }
      default -> throw methodNotAllowed(exchange);
    }
  }

  private void vnic(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    int index = Integer.parseInt(ids.get(0));
    switch (exchange.getRequestMethod()) {
      case "GET" -> LabHttp.send(exchange, 200, XML, edge.vnicXml(index));
      case "PUT" -> {
        edge.putVnic(index, text(exchange));
        noContent(exchange);
      }
      default -> throw methodNotAllowed(exchange);
    }
  }

  private Edge edge(String id) {
    Edge edge = edges.get(id);
    if (edge == null) {
      throw notFound("edge '" + id + "' does not exist");
    }
    return edge;
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    if (auth.accepts(exchange)) {
      return true;
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"vShield Manager\"");
    error(exchange, new EdgeApiException(401, 14401, "authentication required"));
    return false;
  }

  private static <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
    return EdgeXml.read(text(exchange), type);
  }

  private static String text(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equals(method)) {
      throw methodNotAllowed(exchange);
    }
  }

  private static EdgeApiException methodNotAllowed(HttpExchange exchange) {
    return new EdgeApiException(405, 14405, exchange.getRequestMethod() + " is not supported on "
        + exchange.getRequestURI().getPath());
  }

  private static void created(HttpExchange exchange, String id) throws IOException {
    exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getPath().replaceAll("/$", "") + "/" + id);
    exchange.sendResponseHeaders(201, -1);
  }

  private static void noContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  private static void xml(HttpExchange exchange, int status, Object body) throws IOException {
    LabHttp.send(exchange, status, XML, EdgeXml.write(body));
  }

  private static void error(HttpExchange exchange, EdgeApiException e) throws IOException {
    LabHttp.send(exchange, e.status(), XML, EdgeXml.write(e.body()));
  }
}
