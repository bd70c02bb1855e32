package dunes.vsphere;

import java.lang.reflect.Array;
import java.lang.reflect.Field;

/** Property values as yavijava hands them back. */
final class Values {

  private Values() {}

  /**
   * An array-valued property: yavijava returns either the array or its {@code ArrayOfX} wrapper
   * (e.g. ArrayOfOptionValue for config.extraConfig), depending on how it was read.
   */
  @SuppressWarnings("unchecked")
  static <T> T[] array(Object value, Class<T> type) {
    if (value == null) {
      return (T[]) Array.newInstance(type, 0);
    }
    if (value.getClass().isArray()) {
      return (T[]) value;
    }
    for (Field field : value.getClass().getFields()) {
      if (field.getType().isArray() && type.isAssignableFrom(field.getType().getComponentType())) {
        try {
          Object array = field.get(value);
          return array == null ? (T[]) Array.newInstance(type, 0) : (T[]) array;
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalArgumentException("not an array of " + type.getSimpleName() + ": " + value.getClass().getName());
  }
}
