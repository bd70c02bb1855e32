package dunes.edge.xml;

/** {@code <addressGroup>}: one subnet on a vNIC, its primary and secondary addresses. */
public class AddressGroup {

  public String primaryAddress;
  public SecondaryAddresses secondaryAddresses;
  public String subnetMask;
}
