package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** The list answered by {@code GET …/loadbalancer/config/virtualservers} (wrapper name: lab's choice). */
@XmlRootElement(name = "virtualServers")
public class VirtualServers {

  @XmlElement(name = "virtualServer")
  public List<VirtualServer> virtualServers = new ArrayList<>();
}
