package dunes.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A change-management callback receiver on loopback, independent of Dunes's client: answers a
 * Basic challenge first (as a real receiver does), then records each POST and its Authorization.
 */
public final class ChangeReceiver implements AutoCloseable {

  public record Received(String body, String authorization, int answeredStatus) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresToServe = new AtomicInteger();

  public ChangeReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/changes", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/changes";
  }

  /** The next {@code count} reports are answered 500. */
  public void failNext(int count) {
    failuresToServe.set(count);
  }

  public List<Received> receivedFor(String ticket) {
    List<Received> matching = new ArrayList<>();
    for (Received r : received) {
      if (r.body().contains("\"ticket\":\"" + ticket + "\"")) {
        matching.add(r);
      }
    }
    return matching;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (authorization == null) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"changes\"");
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    int status = failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
    received.add(new Received(body, authorization, status));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
