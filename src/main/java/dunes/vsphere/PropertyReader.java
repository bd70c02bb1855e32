package dunes.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.mo.ContainerView;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.util.MorUtil;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads properties with the PropertyCollector, one call per question. Unlike yavijava's getters it
 * looks at the answer's missing set: a vCenter (and vcsim) may answer a read without a session
 * with NotAuthenticated per property instead of a fault, which yavijava would return as null —
 * indistinguishable from "not there" and dangerous for a step that creates what it cannot see.
 */
public final class PropertyReader {

  private PropertyReader() {}

  /** One object's properties by path; a path absent from the map has no value; empty when the object is gone. */
  static Map<String, Object> read(ServiceInstance vcenter, ManagedObjectReference obj, String... paths)
      throws RemoteException {
    ObjectSpec object = new ObjectSpec();
    object.setObj(obj);
    object.setSkip(false);
    PropertySpec properties = new PropertySpec();
    properties.setType(obj.getType());
    properties.setPathSet(paths);
    List<ObjectContent> contents;
    try {
      contents = retrieve(vcenter, object, properties);
    } catch (ManagedObjectNotFound e) {
      return Map.of(); // deleted meanwhile: "not found" is state, the caller says what it means
    }
    return contents.isEmpty() ? Map.of() : values(contents.get(0));
  }

  /**
   * Every object of {@code type} below {@code root} (recursively) with its properties, by moref.
   * Goes through a ContainerView, which needs a session, so a lost session surfaces as a fault.
   */
  public static Map<Moref, Map<String, Object>> all(ServiceInstance vcenter, ManagedObjectReference root,
      String type, String... paths) throws RemoteException {
    ContainerView view = vcenter.getViewManager().createContainerView(
        MorUtil.createExactManagedEntity(vcenter.getServerConnection(), root),
        new String[] {type}, true);
    try {
      TraversalSpec throughView = new TraversalSpec();
      throughView.setName("view");
      throughView.setType("ContainerView");
      throughView.setPath("view");
      throughView.setSkip(false);
      ObjectSpec fromView = new ObjectSpec();
      fromView.setObj(view.getMOR());
      fromView.setSkip(true);
      fromView.setSelectSet(new TraversalSpec[] {throughView});
      PropertySpec properties = new PropertySpec();
      properties.setType(type);
      properties.setPathSet(paths);
      Map<Moref, Map<String, Object>> found = new LinkedHashMap<>();
      for (ObjectContent content : retrieve(vcenter, fromView, properties)) {
        found.put(Moref.of(content.getObj()), values(content));
      }
      return found;
    } finally {
      view.destroyView();
    }
  }

  private static List<ObjectContent> retrieve(ServiceInstance vcenter, ObjectSpec object, PropertySpec properties)
      throws RemoteException {
    PropertyFilterSpec filter = new PropertyFilterSpec();
    filter.setObjectSet(new ObjectSpec[] {object});
    filter.setPropSet(new PropertySpec[] {properties});
    ObjectContent[] contents = vcenter.getPropertyCollector().retrieveProperties(new PropertyFilterSpec[] {filter});
    List<ObjectContent> result = new ArrayList<>();
    for (ObjectContent content : contents == null ? new ObjectContent[0] : contents) {
      checkMissing(content);
      result.add(content);
    }
    return result;
  }

  private static void checkMissing(ObjectContent content) throws RemoteException {
    for (MissingProperty missing : content.getMissingSet() == null ? new MissingProperty[0] : content.getMissingSet()) {
      if (missing.getFault() != null && missing.getFault().getFault() instanceof NotAuthenticated fault) {
        throw fault;
      }
    }
  }

  private static Map<String, Object> values(ObjectContent content) {
    Map<String, Object> values = new HashMap<>();
    for (DynamicProperty p : content.getPropSet() == null ? new DynamicProperty[0] : content.getPropSet()) {
      if (p.getVal() != null) {
        values.put(p.getName(), p.getVal());
      }
    }
    return values;
  }
}
