package dunes.appliance.vami;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.appliance.vami.*}: where the appliance keeps its VAMI commands and which interface
 * they configure. Timeouts are the SSH session's ({@code dunes.appliance.shell.*}).
 *
 * @param directory the VAMI commands' directory, {@code /opt/vmware/share/vami} on 5.x appliances
 *     (lamw/vmware-scripts shell/configureITBM.sh and others call them there; it is not on root's PATH)
 * @param networkInterface the interface {@code vami_set_network} sets, {@code eth0} on a one-NIC appliance
 */
@ConfigurationProperties("dunes.appliance.vami")
public record VamiProperties(String directory, String networkInterface) {

  public VamiProperties {
    directory = directory == null || directory.isBlank() ? "/opt/vmware/share/vami" : directory.replaceAll("/+$", "");
    networkInterface = networkInterface == null || networkInterface.isBlank() ? "eth0" : networkInterface;
    if (!directory.startsWith("/")) {
      throw new IllegalArgumentException("dunes.appliance.vami.directory must be an absolute path: " + directory);
    }
    VamiCommands.requireWord("dunes.appliance.vami.network-interface", networkInterface);
    VamiCommands.requireWord("dunes.appliance.vami.directory", directory);
  }

  public static VamiProperties defaults() {
    return new VamiProperties(null, null);
  }
}
