package dunes.lab.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import dunes.lab.LabTls;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The appliance's management interface on 5480, root login: the setters the field guide uses
 * (time zone, host name, network). The real VAMI has no public REST contract (PROTOCOLS.md 1d),
 * so this surface is the lab's own and *unverified*: GET and PUT of
 * {@code /vami/hostname} {"hostname"}, {@code /vami/timezone} {"timezone"},
 * {@code /vami/network} {"ip","netmask","gateway","dns":[…]}. A network change is handed to the
 * node once the answer is sent, so the node can move its listeners, this one included.
 */
final class VamiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private record Hostname(String hostname) {}
  private record Timezone(String timezone) {}

  private final HttpsServer server;

  private VamiServer(HttpsServer server) {
    this.server = server;
  }

  static VamiServer open(LabNode.Settings settings, NodeFiles files, AtomicReference<NodeIdentity> identity,
      LabJournal journal, LabFaults faults, Consumer<NodeIdentity.Network> networkChanged) {
    NodeFiles.KeyEntry key = files.loadVamiKey();
    HttpsServer server = LabHttp.https(settings.address(), settings.ports().vami(), LabTls.server(key.key(), key.chain()));
    Handler handler = new Handler(settings.name(), identity, journal, networkChanged);
    HttpContext context = server.createContext("/vami/",
        LabHttp.withKnobs(faults, "node:" + settings.name() + ":vami", handler::handle));
    context.setAuthenticator(new LabBasicAuth("VAMI", "root", settings.rootPassword()));
    server.start();
    return new VamiServer(server);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private record Handler(String nodeName, AtomicReference<NodeIdentity> identity, LabJournal journal,
      Consumer<NodeIdentity.Network> networkChanged) {

    void handle(HttpExchange exchange) throws IOException {
      exchange.getResponseHeaders().set(VcoServer.HEADER_NODE, nodeName);
      String setting = exchange.getRequestURI().getPath().substring("/vami/".length());
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("PUT")) {
        LabHttp.text(exchange, 405, "method not allowed: " + method);
        return;
      }
      try {
        if (method.equals("PUT")) {
          put(setting, exchange.getRequestBody().readAllBytes());
        }
        NodeIdentity now = identity.get();
        Object body = switch (setting) {
          case "hostname" -> new Hostname(now.hostname());
          case "timezone" -> new Timezone(now.timezone());
          case "network" -> now.network();
          default -> null;
        };
        if (body == null) {
          LabHttp.text(exchange, 404, "no VAMI setting '" + setting + "'");
          return;
        }
        LabHttp.send(exchange, 200, "application/json", JSON.writeValueAsString(body));
        if (method.equals("PUT") && setting.equals("network")) {
          exchange.close(); // the answer is out before the node moves its listeners
          networkChanged.accept(now.network());
        }
      } catch (JsonProcessingException | IllegalArgumentException e) {
        Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
        LabHttp.send(exchange, 400, "application/json",
            JSON.writeValueAsString(Map.of("error", String.valueOf(cause.getMessage()).lines().findFirst().orElse(""))));
      }
    }

    private void put(String setting, byte[] body) throws IOException {
      synchronized (identity) { // two PUTs at once must not lose one of the changes
        putLocked(setting, body);
      }
    }

    private void putLocked(String setting, byte[] body) throws IOException {
      NodeIdentity now = identity.get();
      NodeIdentity next = switch (setting) {
        case "hostname" -> new NodeIdentity(JSON.readValue(body, Hostname.class).hostname(), now.timezone(), now.network());
        case "timezone" -> new NodeIdentity(now.hostname(), JSON.readValue(body, Timezone.class).timezone(), now.network());
        case "network" -> new NodeIdentity(now.hostname(), now.timezone(), JSON.readValue(body, NodeIdentity.Network.class));
        default -> throw new IllegalArgumentException("no VAMI setting '" + setting + "'");
      };
      identity.set(next);
      journal.record("node", nodeName, "vami-" + setting, JSON.writeValueAsString(switch (setting) {
        case "hostname" -> next.hostname();
        case "timezone" -> next.timezone();
        default -> next.network();
      }));
    }
  }
}
