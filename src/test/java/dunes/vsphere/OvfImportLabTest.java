package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.vsphere.LabSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OVF deployment with vami properties: read back, adopted when run twice, refused when different, aborted on failure. */
class OvfImportLabTest extends LabVSphereTestBase {

  @Test
  void shouldDeployTheOvfWithItsVamiPropertiesAndBuildTag() throws Exception {
    String name = "deploy-" + shortId();
    Map<String, String> vami = LabSimulator.vami(name + ".lab.local", "127.0.6.11");

    TaskState state = vsphere.poll(vsphere.startOvfImport(where, new OvfImport(name, LabSimulator.OVF, vami, TICKET)));

    assertThat(state.status()).isEqualTo(TaskState.Status.SUCCESS);
    VmInfo vm = vsphere.findVm(name).orElseThrow();
    assertThat(state.result()).isEqualTo(vm.moref());
    assertThat(vm.properties()).containsAllEntriesOf(vami)
        .containsEntry("vami.ip0.vCO_Appliance", "127.0.6.11").containsEntry("vco.hostname", "unset.lab.local");
    assertThat(vm.buildTag()).isEqualTo(TICKET);
    assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
    assertThat(simulator.vm(name).getParent().getName()).isEqualTo("vCO");
  }

  @Test
  void shouldAdoptTheVmWhenTheSameOvfIsDeployedTwice() throws Exception {
    String name = "twice-" + shortId();
    OvfImport request = new OvfImport(name, LabSimulator.OVF, LabSimulator.vami(name, "127.0.6.12"), TICKET);
    TaskRef first = vsphere.startOvfImport(where, request);

    TaskRef second = vsphere.startOvfImport(where, request);

    assertThat(second.target()).isEqualTo(first.target());
    assertThat(vmsNamed(name)).hasSize(1);
    assertThat(vsphere.findVm(name).orElseThrow().properties()).containsAllEntriesOf(request.properties());
  }

  @Test
  void shouldRefuseAnExistingVmWithOtherPropertiesAndLeaveItAlone() {
    String name = "other-" + shortId();
    deploy(name, LabSimulator.vami(name, "127.0.6.13"));

    assertThatThrownBy(() -> vsphere.startOvfImport(where,
        new OvfImport(name, LabSimulator.OVF, LabSimulator.vami(name, "127.0.6.14"), TICKET)))
        .isInstanceOf(VSphereConflictException.class)
        .hasMessageContaining("vm '" + name + "' already exists")
        .hasMessageContaining("vami.ip0.vCO_Appliance: has '127.0.6.13', request says '127.0.6.14'");
    assertThat(vsphere.findVm(name).orElseThrow().properties()).containsEntry("vami.ip0.vCO_Appliance", "127.0.6.13");
  }

  @Test
  void shouldRefuseAVmThatAnotherBuildMade() {
    String name = "foreign-" + shortId();
    Map<String, String> vami = LabSimulator.vami(name, "127.0.6.15");
    vsphere.startOvfImport(where, new OvfImport(name, LabSimulator.OVF, vami, "CHG-0001"));

    assertThatThrownBy(() -> vsphere.startOvfImport(where, new OvfImport(name, LabSimulator.OVF, vami, TICKET)))
        .isInstanceOf(VSphereConflictException.class).hasMessageContaining("made by build 'CHG-0001'");
  }

  @Test
  void shouldSayWhenTheOvfCannotBeRead() throws Exception {
    Path missing = work.resolve("missing.ovf");
    Path garbage = Files.writeString(work.resolve("garbage.ovf"), "this is not xml");

    assertThatThrownBy(() -> vsphere.startOvfImport(where, new OvfImport("x-" + shortId(), missing, Map.of(), TICKET)))
        .isInstanceOf(VSphereException.class).hasMessageStartingWith("cannot read ovf '" + missing + "'");
    assertThatThrownBy(() -> vsphere.startOvfImport(where, new OvfImport("x-" + shortId(), garbage, Map.of(), TICKET)))
        .isInstanceOf(VSphereException.class).hasMessageStartingWith("cannot read ovf '" + garbage + "'");
  }

  @Test
  void shouldAbortTheImportAndLeaveNoVmWhenADiskIsMissing() throws Exception {
    String name = "nodisk-" + shortId();
    Path dir = Files.createDirectories(work.resolve(name));
    Path ovf = Files.copy(LabSimulator.OVF, dir.resolve("vco-appliance.ovf"));
    OvfImport request = new OvfImport(name, ovf, LabSimulator.vami(name, "127.0.6.16"), TICKET);

    assertThatThrownBy(() -> vsphere.startOvfImport(where, request)).isInstanceOf(VSphereException.class)
        .hasMessageStartingWith("cannot deploy ovf '" + ovf + "' as vm '" + name + "': cannot read disk")
        .hasMessageContaining("vco-appliance-disk.vmdk");
    assertThat(vsphere.findVm(name)).as("no half-imported vm to adopt").isEmpty();

    Files.copy(LabSimulator.OVF.resolveSibling("vco-appliance-disk.vmdk"), dir.resolve("vco-appliance-disk.vmdk"));
    assertThat(vsphere.poll(vsphere.startOvfImport(where, request)).status()).isEqualTo(TaskState.Status.SUCCESS);
    assertThat(vmsNamed(name)).hasSize(1);
  }
}
