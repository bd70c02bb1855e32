package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlRootElement;

/** {@code <vnic>}: an edge interface; virtual IPs are secondary addresses of its address group. */
@XmlRootElement(name = "vnic")
public class Vnic {

  public Integer index;
  public String name;
  /** uplink or internal */
  public String type;
  public Boolean isConnected;
  public AddressGroups addressGroups;
}
