package dunes.lab.edge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** SSL session id → member key, bounded: the oldest sessions are forgotten first. */
final class SessionTable {

  private static final int CAPACITY = 10_000;

  private final Map<String, String> members = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CAPACITY;
    }
  });

  void stick(String sessionId, Backend backend) {
    members.put(sessionId, backend.key());
  }

  String memberOf(String sessionId) {
    return members.get(sessionId);
  }
}
