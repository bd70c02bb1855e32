package dunes.lab.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Raw TCP clients of a virtual IP: which member answered. */
final class Connections {

  private Connections() {}

  /** The first line the member behind {@code vip:port} sends, or "" when the connection just closes. */
  static String ask(String vip, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(vip, port), 2000);
      socket.setSoTimeout(5000);
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      return "";
    }
  }

  static List<String> ask(String vip, int port, int times) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      answers.add(ask(vip, port));
    }
    return answers;
  }
}
