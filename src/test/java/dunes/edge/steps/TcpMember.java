package dunes.edge.steps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A node's port for the data-plane tests: answers every connection with its name and a newline. */
final class TcpMember implements AutoCloseable {

  private final String name;
  private final ServerSocket server;

  TcpMember(String name, String address, int port) {
    this.name = name;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(address, port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "test-member-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The first line the member behind {@code address:port} sends, or "" when the connection just closes. */
  static String ask(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      socket.setSoTimeout(5000);
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      return "";
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        OutputStream out = client.getOutputStream();
        out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // closed, or a health check that only connects
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
