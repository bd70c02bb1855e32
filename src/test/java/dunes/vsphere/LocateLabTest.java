package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names of the request resolved in the lab's vCenter, and each missing one named. */
class LocateLabTest extends LabVSphereTestBase {

  @Test
  void shouldLocateTheRequestsDatacenterClusterPoolDatastoreNetworkAndFolder() {
    Inventory inventory = vsphere.locate(LAB);

    assertThat(inventory.datacenter()).isEqualTo(Moref.of(simulator.datacenter.getMOR()));
    assertThat(inventory.cluster().type()).isEqualTo("ClusterComputeResource");
    assertThat(inventory.resourcePool()).isEqualTo(Moref.of(simulator.pool.getMOR()));
    assertThat(inventory.datastore()).isEqualTo(Moref.of(simulator.datastore.getMOR()));
    assertThat(inventory.network()).isEqualTo(Moref.of(simulator.network.getMOR()));
    assertThat(inventory.folder()).isEqualTo(Moref.of(simulator.vcoFolder.getMOR()));
  }

  @Test
  void shouldNameAMissingDatastore() {
    VCenterTarget wrong = new VCenterTarget("LabDC", "LabCluster", null, "NoSuchDatastore", "VM Network", "vCO");

    assertThatThrownBy(() -> vsphere.locate(wrong)).isInstanceOf(VSphereNotFoundException.class)
        .hasMessage("datastore 'NoSuchDatastore' not found in datacenter 'LabDC'");
  }

  @Test
  void shouldNameAMissingNetwork() {
    VCenterTarget wrong = new VCenterTarget("LabDC", "LabCluster", null, "LabDatastore", "No Such Network", "vCO");

    assertThatThrownBy(() -> vsphere.locate(wrong)).isInstanceOf(VSphereNotFoundException.class)
        .hasMessage("network 'No Such Network' not found in datacenter 'LabDC'");
  }

  @Test
  void shouldNameAMissingDatacenterClusterAndFolder() {
    assertThatThrownBy(() -> vsphere.locate(new VCenterTarget("NoDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO")))
        .isInstanceOf(VSphereNotFoundException.class).hasMessage("datacenter 'NoDC' not found in vcenter");
    assertThatThrownBy(() -> vsphere.locate(new VCenterTarget("LabDC", "NoCluster", null, "LabDatastore", "VM Network", "vCO")))
        .isInstanceOf(VSphereNotFoundException.class).hasMessage("cluster 'NoCluster' not found in datacenter 'LabDC'");
    assertThatThrownBy(() -> vsphere.locate(new VCenterTarget("LabDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO/nested")))
        .isInstanceOf(VSphereNotFoundException.class).hasMessage("vm folder 'vCO/nested' not found in datacenter 'LabDC'");
    assertThatThrownBy(() -> vsphere.locate(new VCenterTarget("LabDC", "LabCluster", "NoPool", "LabDatastore", "VM Network", "vCO")))
        .isInstanceOf(VSphereNotFoundException.class).hasMessage("resource pool 'NoPool' not found in cluster 'LabCluster'");
  }
}
