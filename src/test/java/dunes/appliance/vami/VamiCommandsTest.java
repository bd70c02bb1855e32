package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.appliance.shell.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines sent and how the guest's answers read, without a node. */
class VamiCommandsTest {

  final VamiCommands commands = new VamiCommands(VamiProperties.defaults());

  static CommandResult out(String stdout) {
    return new CommandResult(0, stdout, "", false);
  }

  @Test
  void shouldWriteTheCommandLinesPublicScriptsUse() {
    assertThat(commands.setNetwork(new StaticNetwork("10.0.0.11", "255.255.255.0", "10.0.0.1", List.of("10.0.0.2"))))
        .isEqualTo("/opt/vmware/share/vami/vami_set_network eth0 STATICV4 10.0.0.11 255.255.255.0 10.0.0.1");
    assertThat(commands.setDns(List.of("10.0.0.44", "10.0.0.45"))).isEqualTo("/opt/vmware/share/vami/vami_set_dns 10.0.0.44 10.0.0.45");
    assertThat(commands.setHostname("vcenter.example.com")).isEqualTo("/opt/vmware/share/vami/vami_set_hostname vcenter.example.com");
    assertThat(commands.setTimezone("Europe/Prague")).isEqualTo("/opt/vmware/share/vami/vami_set_timezone_cmd Europe/Prague");
  }

  @Test
  void shouldPutNothingAShellWouldInterpretOnTheCommandLine() {
    assertThatThrownBy(() -> commands.setHostname("vco.lab.local; reboot")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not one plain word");
    assertThatThrownBy(() -> commands.setTimezone("$(id)")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> commands.setDns(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadTheGuestsFilesAsSlesWritesThem() {
    assertThat(VamiCommands.hostname(out("vcvco.lab.local\n"), "here")).isEqualTo("vcvco.lab.local");
    assertThat(VamiCommands.timezone(out("## Path: System/Environment/Clock\nHWCLOCK=\"-u\"\nTIMEZONE=\"Europe/Berlin\"\n"
        + "DEFAULT_TIMEZONE=\"US/Eastern\"\n"), "here")).isEqualTo("Europe/Berlin");
    assertThat(VamiCommands.timezone(out("TIMEZONE='UTC'\n"), "here")).isEqualTo("UTC");
    assertThat(VamiCommands.nameservers(out("# generated\nsearch lab.local\nnameserver 10.0.0.44\nnameserver 10.0.0.45\n")))
        .containsExactly("10.0.0.44", "10.0.0.45");
  }

  @Test
  void shouldReadTheAddressAndGatewayFromIproute2() {
    StaticNetwork network = commands.network(out(
        "2: eth0    inet 10.0.0.11/22 brd 10.0.3.255 scope global eth0\\       valid_lft forever preferred_lft forever\n"
            + "default via 10.0.0.1 dev eth0 \n"), List.of("10.0.0.44"), "here");

    assertThat(network).isEqualTo(new StaticNetwork("10.0.0.11", "255.255.252.0", "10.0.0.1", List.of("10.0.0.44")));
    assertThat(VamiCommands.netmask(24)).isEqualTo("255.255.255.0");
    assertThat(VamiCommands.netmask(32)).isEqualTo("255.255.255.255");
  }

  @Test
  void shouldSayWhatIsMissingFromAnAnswer() {
    assertThatThrownBy(() -> VamiCommands.timezone(out("HWCLOCK=\"-u\"\n"), "ssh://root@10.0.0.11:22"))
        .isInstanceOf(VamiProtocolException.class).hasMessageContaining("no TIMEZONE= line");
    assertThatThrownBy(() -> commands.network(out("2: eth0    inet 10.0.0.11/24 scope global eth0\n"), List.of(), "here"))
        .isInstanceOf(VamiProtocolException.class).hasMessageContaining("no default route");
    assertThatThrownBy(() -> commands.network(out(""), List.of(), "here"))
        .isInstanceOf(VamiProtocolException.class).hasMessageContaining("no IPv4 address on eth0");
  }
}
