package dunes.lab.guests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.LabState;
import dunes.lab.node.NodeIdentity;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A guest's identity (host name, time zone, network) beside its disk, as {@code <disk>.guest.json}:
 * outside the tree the node's SFTP serves, since it is the lab's record, not a file of the appliance.
 */
final class GuestStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GuestStore() {}

  static Optional<NodeIdentity> read(Path workDir) {
    Path file = file(workDir);
    return LabState.read(file).map(text -> {
      try {
        return JSON.readValue(text, NodeIdentity.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the guest identity " + file + " is unreadable: " + e.getOriginalMessage(), e);
      }
    });
  }

  static void write(Path workDir, NodeIdentity identity) {
    try {
      LabState.write(file(workDir), JSON.writeValueAsString(identity));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot keep the identity of the guest in " + workDir, e);
    }
  }

  private static Path file(Path workDir) {
    return workDir.resolveSibling(workDir.getFileName() + ".guest.json");
  }
}
