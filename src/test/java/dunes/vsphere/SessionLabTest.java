package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.vim25.mo.ServiceInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter's one session, opened again when vCenter forgets it. */
class SessionLabTest extends LabVSphereTestBase {

  @Test
  void shouldLogInAgainWhenTheSessionIsGone() throws Exception {
    String name = "session-" + shortId();
    deploy(name, Map.of());
    ServiceInstance before = vsphere.serviceInstance();

    before.getSessionManager().logout(); // behind the adapter's back, as an idle timeout would

    assertThat(vsphere.findVm(name)).as("still seen after the session ended").isPresent();
    assertThat(vsphere.serviceInstance()).isNotSameAs(before);
    assertThat(vsphere.locate(LAB)).isEqualTo(where);
  }

  @Test
  void shouldReadThePasswordAgainForEachLogin() throws Exception {
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    try (YavijavaVSphere adapter = YavijavaVSphere.open(VSphereProperties.defaults(), simulator.lab.sdkUrl(),
        dunes.lab.vsphere.LabSimulator.USER, () -> {
          reads.incrementAndGet();
          return simulator.password;
        }, simulator.lab.fingerprint())) {
      adapter.locate(LAB);
      adapter.serviceInstance().getSessionManager().logout();
      adapter.locate(LAB);
    }

    assertThat(reads).as("a rotated password is used at the next login").hasValue(2);
  }
}
