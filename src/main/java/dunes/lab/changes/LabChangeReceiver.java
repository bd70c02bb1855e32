package dunes.lab.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dunes.lab.LabFaults;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Change management's end of the outcome callback: asks for Basic credentials as a real receiver
 * does, records each report in the journal (system "changes", target = ticket, operation =
 * outcome) and drops repeats of an event id, as docs/api.md tells receivers to.
 */
public final class LabChangeReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final LabJournal journal;
  private final LabBasicAuth credentials;
  private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();

  private LabChangeReceiver(HttpServer server, LabJournal journal, String username, String password) {
    this.server = server;
    this.journal = journal;
    this.credentials = new LabBasicAuth("changes", username, password);
    // a durable journal brings back the events received before a restart: a repeat stays a repeat
    for (LabJournal.Entry entry : journal.entries("changes")) {
      try {
        JsonNode eventId = JSON.readTree(entry.detail()).get("eventId");
        if (eventId != null) {
          seenEvents.add(eventId.asText());
        }
      } catch (JsonProcessingException e) {
        // an entry written by hand or an older lab: it names no event to drop
      }
    }
  }

  public static LabChangeReceiver start(String address, int port, String username, String password,
      LabJournal journal, LabFaults faults) {
    HttpServer server = LabHttp.http(address, port);
    LabChangeReceiver receiver = new LabChangeReceiver(server, journal, username, password);
    server.createContext("/changes", LabHttp.withKnobs(faults, "changes:callback", receiver::handle));
    server.start();
    return receiver;
  }

  public URI url() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/changes");
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      LabHttp.text(exchange, 405, "POST outcome reports here");
      return;
    }
    if (!credentials.accepts(exchange)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"changes\"");
      LabHttp.text(exchange, 401, "credentials required");
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode report;
    try {
      report = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      LabHttp.text(exchange, 400, "not JSON: " + e.getOriginalMessage());
      return;
    }
    if (!report.hasNonNull("eventId") || !report.hasNonNull("ticket") || !report.hasNonNull("outcome")) {
      LabHttp.text(exchange, 400, "an outcome report needs eventId, ticket and outcome");
      return;
    }
    if (seenEvents.add(report.get("eventId").asText())) {
      journal.record("changes", report.get("ticket").asText(), report.get("outcome").asText(), body);
    }
    LabHttp.text(exchange, 204, "");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
