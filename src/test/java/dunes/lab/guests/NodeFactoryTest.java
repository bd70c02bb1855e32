package dunes.lab.guests;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import dunes.lab.node.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which vCO database a node gets: its own when deployed, its source's when cloned, the kept one after a lab restart. */
class NodeFactoryTest {

  static final NodeFactory.Defaults DEFAULTS = new NodeFactory.Defaults(LabNode.Ports.DEFAULTS, "root-secret",
      "config-secret", Duration.ofMillis(50), null, true);
  static final NodeIdentity FIRST = new NodeIdentity("vcvco1.lab.local", "Etc/UTC",
      new NodeIdentity.Network("127.0.56.11", "255.255.255.0", "127.0.56.1", List.of()));

  @TempDir Path nodes;
  @TempDir Path databases;
  final List<LabNode> made = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    made.forEach(LabNode::close);
  }

  @Test
  void shouldGiveAResumedClusterItsKeptDatabaseSharedAgain() {
    NodeFactory before = new NodeFactory(DEFAULTS, new LabJournal(), new LabFaults(), databases);
    LabNode first = kept(before.fresh("vcvco1", nodes.resolve("vcvco1-vm-1"), FIRST));
    LabNode clone = kept(before.cloneOf(first, "vcvco2", nodes.resolve("vcvco2-vm-2")));
    LabNode other = kept(before.fresh("other1", nodes.resolve("other1-vm-3"), FIRST));
    first.database().configure(ClusterSettings.cluster(2, Duration.ofSeconds(5), 12));

    NodeFactory after = new NodeFactory(DEFAULTS, new LabJournal(), new LabFaults(), databases); // the lab restarted
    LabVcoDatabase resumedClone = kept(after.resumed("vcvco2", nodes.resolve("vcvco2-vm-2"), FIRST)).database();
    LabVcoDatabase resumedFirst = kept(after.resumed("vcvco1", nodes.resolve("vcvco1-vm-1"), FIRST)).database();
    LabVcoDatabase resumedOther = kept(after.resumed("other1", nodes.resolve("other1-vm-3"), FIRST)).database();

    assertThat(clone.database()).isSameAs(first.database());
    assertThat(other.database()).isNotSameAs(first.database());
    assertThat(resumedFirst).as("one object for the cluster again").isSameAs(resumedClone);
    assertThat(resumedFirst.settings()).isEqualTo(ClusterSettings.cluster(2, Duration.ofSeconds(5), 12));
    assertThat(resumedOther).isNotSameAs(resumedFirst);
    assertThat(resumedOther.settings()).isEqualTo(ClusterSettings.STANDALONE);
  }

  private LabNode kept(LabNode node) {
    made.add(node);
    return node;
  }
}
