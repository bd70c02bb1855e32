package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmHelperTest {

  private static final VmInfo NODE = new VmInfo("vcvco1", new Moref("VirtualMachine", "vm-1"),
      VmInfo.PowerState.POWERED_OFF, Map.of("vami.hostname", "vcvco1.lab.local", "root.password", "s3cret"),
      Set.of("root.password"), "CHG-1", 2, 4096, "notRunning", "guestToolsNotRunning", true);

  @Test
  void shouldAdoptAVmWhoseRequestedPropertiesMatch() {
    VmHelper.checkAdoptable(NODE, Map.of("vami.hostname", "vcvco1.lab.local", "root.password", "s3cret"), "CHG-1");
  }

  @Test
  void shouldNameTheDifferingPropertyButNeverAPasswordValue() {
    assertThatThrownBy(() -> VmHelper.checkAdoptable(NODE,
        Map.of("vami.hostname", "other.lab.local", "root.password", "n3w"), "CHG-1"))
        .isInstanceOf(VSphereConflictException.class)
        .hasMessageContaining("vami.hostname: has 'vcvco1.lab.local', request says 'other.lab.local'")
        .hasMessageContaining("root.password: has '****', request says '****'")
        .hasMessageNotContaining("s3cret").hasMessageNotContaining("n3w");
  }

  @Test
  void shouldRefuseAVmAnotherBuildMade() {
    assertThatThrownBy(() -> VmHelper.checkAdoptable(NODE, Map.of(), "CHG-2"))
        .isInstanceOf(VSphereConflictException.class).hasMessageContaining("made by build 'CHG-1'");
  }

  @Test
  void shouldKeepPasswordsOutOfItsText() {
    assertThat(NODE.toString()).contains("root.password=****").doesNotContain("s3cret");
    assertThat(new OvfImport("n", java.nio.file.Path.of("a.ovf"), Map.of("root.password", "s3cret"), "CHG-1").toString())
        .doesNotContain("s3cret");
  }
}
