package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioned size of an OVF's disks, from DiskSection capacities in their allocation units (DSP0243 9.1). */
class OvfDisksTest {

  static final Path FIXTURE = Path.of("src/test/resources/ovf/vco-appliance.ovf");

  @TempDir Path dir;

  @Test
  void shouldReadTheLabFixturesOneMebibyteDisk() {
    assertThat(OvfDisks.capacityBytes(FIXTURE)).isEqualTo(1024L * 1024);
  }

  @Test
  void shouldAddEveryDiskInItsOwnUnits() throws Exception {
    Path ovf = withDisks("""
        <Disk ovf:diskId="system" ovf:capacity="12" ovf:capacityAllocationUnits="byte * 2^30"/>
        <Disk ovf:diskId="data" ovf:capacity="5000000000"/>
        <Disk ovf:diskId="log" ovf:capacity="2" ovf:capacityAllocationUnits="byte*10^9"/>""");

    assertThat(OvfDisks.capacityBytes(ovf)).isEqualTo(12L * (1L << 30) + 5_000_000_000L + 2_000_000_000L);
  }

  @Test
  void shouldRefuseACapacityItCannotCompute() throws Exception {
    Path ovf = withDisks("<Disk ovf:diskId=\"system\" ovf:capacity=\"${disk.size}\"/>");

    assertThatThrownBy(() -> OvfDisks.capacityBytes(ovf)).isInstanceOf(OvfSourceException.class)
        .hasMessageContaining("'system'", "${disk.size}");
  }

  private Path withDisks(String disks) throws Exception {
    String text = Files.readString(FIXTURE).replaceAll("(?s)<Disk .*?/>", disks.replace("$", "\\$"));
    return Files.writeString(dir.resolve("disks.ovf"), text);
  }
}
