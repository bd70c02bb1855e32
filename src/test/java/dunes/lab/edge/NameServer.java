package dunes.lab.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * A pool member for the tests: answers every connection with its name and a newline, in plain
 * TCP or, given a TLS context, after a TLS handshake. It can be stopped and started again on the
 * same address and port, as a node that restarts.
 */
final class NameServer implements AutoCloseable {

  private final String name;
  private final String address;
  private final SSLContext tls;
  private volatile ServerSocket server;
  private int port;

  private NameServer(String name, String address, int port, SSLContext tls) {
    this.name = name;
    this.address = address;
    this.port = port;
    this.tls = tls;
  }

  static NameServer plain(String name, String address) {
    return plain(name, address, 0);
  }

  static NameServer plain(String name, String address, int port) {
    NameServer server = new NameServer(name, address, port, null);
    server.start();
    return server;
  }

  static NameServer tls(String name, String address, SSLContext context) {
    NameServer server = new NameServer(name, address, 0, context);
    server.start();
    return server;
  }

  int port() {
    return port;
  }

  String address() {
    return address;
  }

  synchronized void start() {
    try {
      ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port), 50);
      port = socket.getLocalPort();
      server = socket;
      Thread acceptor = new Thread(() -> acceptLoop(socket), "test-member-" + name);
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread answer = new Thread(() -> answer(client), "test-member-" + name + "-conn");
        answer.setDaemon(true);
        answer.start();
      } catch (IOException e) {
        // stopped
      }
    }
  }

  private void answer(Socket client) {
    try (client) {
      if (client instanceof javax.net.ssl.SSLSocket tlsClient) {
        tlsClient.startHandshake();
      }
      OutputStream out = client.getOutputStream();
      out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // a health check that only connects, or a probe that aborts its handshake
    }
  }
}
