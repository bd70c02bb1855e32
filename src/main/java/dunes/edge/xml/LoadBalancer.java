package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** {@code <loadBalancer>}: the whole configuration an edge publishes, read and replaced as one. */
@XmlRootElement(name = "loadBalancer")
public class LoadBalancer {

  public Boolean enabled;
  @XmlElement(name = "pool")
  public List<Pool> pools = new ArrayList<>();
  @XmlElement(name = "virtualServer")
  public List<VirtualServer> virtualServers = new ArrayList<>();

  public boolean isEnabled() {
    return Boolean.TRUE.equals(enabled);
  }
}
