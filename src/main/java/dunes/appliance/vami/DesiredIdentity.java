package dunes.appliance.vami;

/**
 * What the appliance's identity should be. A {@code null} field is not managed: it is left as the
 * appliance has it (a clone's step may set only the network, say).
 *
 * @param hostname the seed sets the cluster name here ("I set the hostname to the vcvco")
 */
public record DesiredIdentity(String hostname, String timezone, StaticNetwork network) {

  public DesiredIdentity {
    if (hostname == null && timezone == null && network == null) {
      throw new IllegalArgumentException("a desired VAMI identity names at least one of hostname, timezone, network");
    }
  }
}
