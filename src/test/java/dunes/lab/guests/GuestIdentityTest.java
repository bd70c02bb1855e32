package dunes.lab.guests;

import dunes.lab.vsphere.LabSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.node.NodeIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The guest's first-boot identity read from the appliance's vami.* OVF properties. */
class GuestIdentityTest {

  static Map<String, String> properties() {
    return new HashMap<>(LabSimulator.vami("vcvco1.lab.local", "127.0.5.11"));
  }

  @Test
  void shouldReadHostnameAndNetworkWhateverTheSectionInstance() {
    Map<String, String> properties = new HashMap<>();
    LabSimulator.vami("vcvco1.lab.local", "127.0.5.11")
        .forEach((key, value) -> properties.put(key.replace(".vCO_Appliance", ".VMware_vCO"), value));
    properties.put("vami.DNS.VMware_vCO", "127.0.5.2, 127.0.5.3");

    NodeIdentity identity = GuestIdentity.fromOvfProperties(properties);

    assertThat(identity.hostname()).isEqualTo("vcvco1.lab.local");
    assertThat(identity.network()).isEqualTo(
        new NodeIdentity.Network("127.0.5.11", "255.255.255.0", "127.0.5.1", List.of("127.0.5.2", "127.0.5.3")));
  }

  @Nested
  class Refused {

    @Test
    void shouldRefuseAGuestWithoutAddress() {
      Map<String, String> properties = properties();
      properties.put("vami.ip0.vCO_Appliance", "");

      assertThatThrownBy(() -> GuestIdentity.fromOvfProperties(properties)).hasMessageContaining("vami.ip0");
    }

    @Test
    void shouldRefuseAGuestWithoutGatewayAsVamiSetNetworkDoes() {
      Map<String, String> properties = properties();
      properties.remove("vami.gateway.vCO_Appliance");

      assertThatThrownBy(() -> GuestIdentity.fromOvfProperties(properties)).hasMessageContaining("vami.gateway");
    }

    @Test
    void shouldRefuseAnAddressOutsideLoopback() {
      Map<String, String> properties = properties();
      properties.put("vami.ip0.vCO_Appliance", "10.0.0.11");

      assertThatThrownBy(() -> GuestIdentity.fromOvfProperties(properties)).hasMessageContaining("loopback");
    }

    @Test
    void shouldRefuseAGuestWithoutHostname() {
      Map<String, String> properties = properties();
      properties.remove("vami.hostname");

      assertThatThrownBy(() -> GuestIdentity.fromOvfProperties(properties)).hasMessageContaining("hostname");
    }
  }
}
