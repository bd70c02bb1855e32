package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.VAppConfigSpec;
import com.vmware.vim25.VAppEntityConfigInfo;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.VirtualApp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A vApp over the nodes with start order and delay: made once, unchanged the second time, refused when different. */
class VAppLabTest extends LabVSphereTestBase {

  @Test
  void shouldPutTheNodesInAVAppWithStartOrderAndDelayAndChangeNothingTheSecondTime() throws Exception {
    String id = shortId();
    List<String> nodes = List.of("n1-" + id, "n2-" + id, "n3-" + id);
    // created in another order than the start order, so the order can only come from the request
    for (String node : List.of(nodes.get(2), nodes.get(0), nodes.get(1))) {
      deploy(node, Map.of());
    }

    VAppInfo vapp = vsphere.ensureVApp(where, "vapp-" + id, nodes, 15, TICKET);

    assertThat(vapp.buildTag()).isEqualTo(TICKET);
    assertThat(vapp.members()).extracting(VAppInfo.Member::vm).containsExactlyElementsOf(nodes);
    assertThat(vapp.members()).extracting(VAppInfo.Member::startOrder).containsExactly(1, 2, 3);
    assertThat(vapp.members()).allSatisfy(m -> {
      assertThat(m.startDelay()).isEqualTo(15);
      assertThat(m.waitingForGuest()).isFalse();
      assertThat(m.startAction()).isEqualTo("powerOn");
      assertThat(m.stopAction()).isEqualTo("guestShutdown");
    });
    String before = entityConfig("vapp-" + id);
    assertThat(before).contains(nodes.get(0) + " order=1 delay=15");

    VAppInfo again = vsphere.ensureVApp(where, "vapp-" + id, nodes, 15, TICKET);

    assertThat(again).isEqualTo(vapp);
    assertThat(entityConfig("vapp-" + id)).isEqualTo(before);
    assertThat(vsphere.findVApp("vapp-" + id)).contains(vapp);
  }

  @Test
  void shouldStopWaitingForTheGuestInAVAppThisBuildMadeWaitingForIt() throws Exception {
    String id = shortId();
    List<String> nodes = List.of("w1-" + id, "w2-" + id);
    for (String node : nodes) {
      deploy(node, Map.of());
    }
    vsphere.ensureVApp(where, "vapp-" + id, nodes, 15, TICKET);
    // as an earlier Dunes set it: vCenter then starts node 2 at node 1's first Tools heartbeat, skipping the delay
    VirtualApp raw = (VirtualApp) new InventoryNavigator(simulator.vcenter.getRootFolder())
        .searchManagedEntity("VirtualApp", "vapp-" + id);
    VAppConfigSpec waiting = new VAppConfigSpec();
    VAppEntityConfigInfo[] entities = raw.getVAppConfig().getEntityConfig();
    for (VAppEntityConfigInfo e : entities) {
      e.setWaitingForGuest(true);
    }
    waiting.setEntityConfig(entities);
    raw.updateVAppConfig(waiting);
    assertThat(entityConfig("vapp-" + id)).contains("wait=true");

    VAppInfo vapp = vsphere.ensureVApp(where, "vapp-" + id, nodes, 15, TICKET);

    assertThat(vapp.members()).extracting(VAppInfo.Member::waitingForGuest).containsExactly(false, false);
    assertThat(entityConfig("vapp-" + id)).doesNotContain("wait=true");
  }

  @Test
  void shouldRefuseAVAppThatHoldsOtherVms() {
    String id = shortId();
    List<String> nodes = List.of("m1-" + id, "m2-" + id, "m3-" + id);
    for (String node : nodes) {
      deploy(node, Map.of());
    }
    vsphere.ensureVApp(where, "vapp-" + id, nodes, 15, TICKET);

    assertThatThrownBy(() -> vsphere.ensureVApp(where, "vapp-" + id, nodes.subList(0, 2), 15, TICKET))
        .isInstanceOf(VSphereConflictException.class)
        .hasMessageContaining("vapp 'vapp-" + id + "' already exists")
        .hasMessageContaining("holds vm 'm3-" + id + "' that the request does not name");
    assertThat(vsphere.findVApp("vapp-" + id).orElseThrow().members()).hasSize(3);
  }

  @Test
  void shouldRefuseAVAppSomeoneElseSetUpDifferently() {
    String id = shortId();
    List<String> nodes = List.of("o1-" + id, "o2-" + id);
    for (String node : nodes) {
      deploy(node, Map.of());
    }
    vsphere.ensureVApp(where, "vapp-" + id, nodes, 15, "CHG-0002");

    assertThatThrownBy(() -> vsphere.ensureVApp(where, "vapp-" + id, nodes, 30, TICKET))
        .isInstanceOf(VSphereConflictException.class).hasMessageContaining("delay 15 s");
  }

  /** The vApp's entity configuration as vCenter holds it, read through yavijava itself, one line per VM. */
  static String entityConfig(String vappName) throws Exception {
    VirtualApp vapp = (VirtualApp) new InventoryNavigator(simulator.vcenter.getRootFolder())
        .searchManagedEntity("VirtualApp", vappName);
    Map<String, String> lines = new HashMap<>();
    for (VAppEntityConfigInfo e : vapp.getVAppConfig().getEntityConfig()) {
      lines.put(e.getTag(), e.getTag() + " order=" + e.getStartOrder() + " delay=" + e.getStartDelay() + " wait="
          + e.getWaitingForGuest() + " start=" + e.getStartAction() + " stop=" + e.getStopAction() + " stopDelay="
          + e.getStopDelay() + " key=" + e.getKey().getVal());
    }
    return String.join("\n", new TreeMap<>(lines).values()) + "\nannotation="
        + vapp.getVAppConfig().getAnnotation() + " uuid=" + vapp.getVAppConfig().getInstanceUuid();
  }
}
