package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's VAMI JSON: what is read, what is written, and what an unexpected answer says. */
class VamiJsonTest {

  static final String WHERE = "VAMI at https://127.0.7.1:37480 (GET /vami/network)";

  @Test
  void shouldWriteTheNetworkAsVamiTakesIt() {
    assertThat(VamiJson.networkBody(new StaticNetwork("127.0.7.5", "255.255.255.0", "127.0.7.1", List.of())))
        .isEqualTo("{\"ip\":\"127.0.7.5\",\"netmask\":\"255.255.255.0\",\"gateway\":\"127.0.7.1\",\"dns\":[]}");
  }

  @Test
  void shouldReadANetworkAndIgnoreFieldsItDoesNotKnow() {
    StaticNetwork network = VamiJson.network(
        "{\"ip\":\"127.0.7.5\",\"netmask\":\"255.255.255.0\",\"gateway\":\"127.0.7.1\",\"dns\":[\"127.0.7.2\"],\"mode\":\"static\"}",
        WHERE);

    assertThat(network).isEqualTo(new StaticNetwork("127.0.7.5", "255.255.255.0", "127.0.7.1", List.of("127.0.7.2")));
  }

  @Test
  void shouldNameTheMissingField() {
    assertThatThrownBy(() -> VamiJson.network("{\"ip\":\"127.0.7.5\",\"netmask\":\"255.255.255.0\"}", WHERE))
        .isInstanceOf(VamiProtocolException.class)
        .hasMessage(WHERE + " answered unexpected JSON: it has no 'gateway' string; expected " + VamiJson.NETWORK_SHAPE);
  }

  @Test
  void shouldRefuseDnsThatIsNoList() {
    assertThatThrownBy(() -> VamiJson.network(
        "{\"ip\":\"127.0.7.5\",\"netmask\":\"255.255.255.0\",\"gateway\":\"127.0.7.1\",\"dns\":\"127.0.7.2\"}", WHERE))
        .isInstanceOf(VamiProtocolException.class).hasMessageContaining("'dns' is not an array");
  }

  @Test
  void shouldRefuseAnArrayWhereAnObjectBelongs() {
    assertThatThrownBy(() -> VamiJson.hostname("[\"vcvco.lab.local\"]", WHERE))
        .isInstanceOf(VamiProtocolException.class)
        .hasMessageContaining("not a JSON object").hasMessageContaining(VamiJson.HOSTNAME_SHAPE);
  }

  @Test
  void shouldKeepTheRawBodyOfARefusalWithoutErrorField() {
    assertThat(VamiJson.error("bad request")).isEqualTo("bad request");
    assertThat(VamiJson.error("{\"error\":\"gateway missing\"}")).isEqualTo("gateway missing");
  }
}
