package dunes.lab.edge;

import java.util.List;

/**
 * What one listener (a virtual IP and port) does with a connection: its members and how it
 * chooses among them, whether SSL session ids stick to a member, and how members are checked.
 */
record Route(String ipAddress, int port, String virtualServer, BackendSelector selector,
    boolean sslSessionPersistence, HealthPolicy health) {

  String key() {
    return ipAddress + ":" + port;
  }

  List<Backend> backends() {
    return selector.backends();
  }

  Backend backend(String key) {
    return backends().stream().filter(b -> b.key().equals(key)).findFirst().orElse(null);
  }
}
