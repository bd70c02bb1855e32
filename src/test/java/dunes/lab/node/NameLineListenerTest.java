package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The node's plain name ports (8286, 8287), on 127.0.64.20 only. */
class NameLineListenerTest {

  static final String ADDRESS = "127.0.64.20";
  static final int PORT = 18286;

  @Test
  void shouldAnswerTheNodesNameAndClose() throws Exception {
    try (NameLineListener listener = NameLineListener.open(ADDRESS, PORT, "vcvco1")) {
      assertThat(readLine()).isEqualTo("vcvco1\n");
    }
  }

  /**
   * A restart closes the port and opens it again at once, as vco-server stops (its process gone,
   * its ports free) before it starts: the port must be free when close returns, not once the
   * thread blocked in accept happens to run again.
   */
  @Test
  void shouldFreeThePortWhenClosed() throws Exception {
    for (int i = 0; i < 200; i++) {
      NameLineListener listener = NameLineListener.open(ADDRESS, PORT, "vcvco1");
      assertThat(readLine()).isEqualTo("vcvco1\n"); // the acceptor is in its loop
      listener.close();
    }
    try (NameLineListener reopened = NameLineListener.open(ADDRESS, PORT, "vcvco2")) {
      assertThat(readLine()).isEqualTo("vcvco2\n");
    }
  }

  private static String readLine() throws Exception {
    try (Socket socket = new Socket(ADDRESS, PORT); InputStream in = socket.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
