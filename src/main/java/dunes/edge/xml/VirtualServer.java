package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** {@code <virtualServer>}: a virtual IP with one listening port per application profile. */
@XmlRootElement(name = "virtualServer")
public class VirtualServer {

  /** assigned by the manager, e.g. {@code virtualServer-1} */
  public String id;
  public String name;
  public String description;
  public Boolean enabled;
  public String ipAddress;
  @XmlElement(name = "applicationProfile")
  public List<ApplicationProfile> applicationProfiles = new ArrayList<>();
  public PoolRef pool;

  /** A virtual server without {@code <enabled>} is enabled, as the manager's UI defaults it. */
  public boolean isEnabled() {
    return !Boolean.FALSE.equals(enabled);
  }
}
