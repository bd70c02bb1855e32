package dunes.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;

/**
 * HTTP(S) servers of the lab's simulated systems (the JDK's server: real TCP, real TLS), with the
 * {@link LabFaults} knobs applied in front of every handler.
 */
public final class LabHttp {

  /** How long a TIMEOUT fault holds a request: longer than any client's timeout in Dunes. */
  private static final Duration HOLD = Duration.ofSeconds(120);

  private LabHttp() {}

  /** An HTTPS server on {@code address:port}; start it after adding contexts. */
  public static HttpsServer https(String address, int port, SSLContext tls) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 64);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      server.setExecutor(executor());
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
    }
  }

  public static HttpServer http(String address, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
      server.setExecutor(executor());
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
    }
  }

  /** Wraps {@code handler} so that the endpoint's latency and faults apply first. */
  public static HttpHandler withKnobs(LabFaults faults, String endpoint, HttpHandler handler) {
    return exchange -> {
      try (exchange) {
        faults.delay(endpoint);
        Optional<LabFaults.Kind> fault = faults.next(endpoint);
        if (fault.isEmpty()) {
          handler.handle(exchange);
          return;
        }
        switch (fault.get()) {
          case HTTP_500 -> text(exchange, 500, "lab fault injected at " + endpoint);
          case HTTP_503 -> text(exchange, 503, "lab fault injected at " + endpoint + ": service starting");
          case TIMEOUT -> pause(HOLD);
          case RESET -> { } // closing without a status line: the client sees the connection end
          case GARBAGE -> {
            byte[] noise = new byte[512];
            ThreadLocalRandom.current().nextBytes(noise);
            exchange.sendResponseHeaders(200, noise.length);
            exchange.getResponseBody().write(noise);
          }
        }
      } catch (RuntimeException | IOException e) {
        // the lab is a server: one broken exchange must not take the listener down
      }
    };
  }

  public static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body);
  }

  public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static void pause(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis()); // lab only: simulates a slow or hanging peer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ExecutorService executor() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "lab-http");
      t.setDaemon(true);
      return t;
    });
  }
}
