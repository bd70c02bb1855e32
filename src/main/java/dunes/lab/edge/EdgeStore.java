package dunes.lab.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.LabState;
import dunes.lab.edge.LoadBalancerDocument.Kind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the manager holds for one edge, kept as the text it was given: the load balancer
 * configuration, every vNIC and the next id of each kind, in one file replaced whole after
 * each accepted change (so ids are never reused across restarts either).
 */
final class EdgeStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Snapshot(String config, Map<Integer, String> vnics, Map<Kind, Integer> nextId) {}

  /** null: in memory */
  private final Path file;

  EdgeStore(Path file) {
    this.file = file;
  }

  Optional<Snapshot> load() {
    if (file == null) {
      return Optional.empty();
    }
    return LabState.read(file).map(text -> {
      try {
        return JSON.readValue(text, Snapshot.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the lab edge's state " + file + " is unreadable: " + e.getOriginalMessage(), e);
      }
    });
  }

  void save(Snapshot snapshot) {
    if (file == null) {
      return;
    }
    try {
      LabState.write(file, JSON.writeValueAsString(snapshot));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot keep the lab edge's state", e);
    }
  }
}
