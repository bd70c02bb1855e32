package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** {@code <member>} of a pool; weight 0 means the member receives no new connections. */
public class Member {

  public String ipAddress;
  public Integer weight;
  @XmlElement(name = "servicePort")
  public List<ServicePort> servicePorts = new ArrayList<>();
}
