package dunes.lab.guests;

import dunes.lab.vsphere.LabSimulator;

import static dunes.lab.guests.NodeProbe.PORTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's guests stop with it: no node listens once {@link LabGuests#close()} returns. */
class LabGuestsLifecycleTest {

  @TempDir Path work;

  @Test
  void shouldLeaveNoListenerWhenClosed() throws Exception {
    try (LabSimulator simulator = new LabSimulator(work.resolve("vsphere"), "127.0.5.40")) {
      LabGuests guests = LabGuests.start(new LabGuests.Settings(simulator.lab.sdkUrl(), simulator.lab.fingerprint(),
          LabSimulator.USER, simulator.password, work.resolve("nodes"), PORTS,
          new Secret(new SecretRef("appliance-root"), "root-pw".toCharArray()),
          new Secret(new SecretRef("vco-config"), "config-pw".toCharArray()), Duration.ofMillis(50),
          Duration.ofMillis(100)), new LabJournal(), new LabFaults());
      VirtualMachine vm = simulator.importOvf("vcvco51", LabSimulator.vami("vcvco51.lab.local", "127.0.5.51"));
      LabSimulator.powerOn(vm);
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
          .until(() -> !NodeProbe.refused("127.0.5.51", PORTS.server()) && !NodeProbe.refused("127.0.5.51", PORTS.ssh()));

      guests.close();

      assertThat(NodeProbe.refusedOnEveryPort("127.0.5.51")).isTrue();
      assertThat(guests.nodes()).isEmpty();
    }
  }
}
