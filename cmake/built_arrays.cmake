# The built arrays' one declaration, rtl/built_arrays.txt, for CMake: each row
# becomes Verilator parameters (Kind and FmtA read from rtl/qmac_pkg.sv by
# name, never retyped here) and a line of the generated C++ table.
#
# qmac_built_arrays() sets, in the caller's scope:
#   QMAC_BUILT_ARRAYS           the rows' model names (Varray_<array>_<rows>x<cols>)
#   QMAC_BA_<model>_ARGS        Verilator's -G arguments
#   QMAC_BA_<model>_ROW         the row's X-macro line for the C++ table
set(QMAC_BUILT_ARRAYS_FILE ${CMAKE_CURRENT_LIST_DIR}/../rtl/built_arrays.txt)
set(QMAC_PKG_FILE ${CMAKE_CURRENT_LIST_DIR}/../rtl/qmac_pkg.sv)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${QMAC_BUILT_ARRAYS_FILE} ${QMAC_PKG_FILE})

# The value qmac_pkg gives `label` (`FmtE4M3 = 4'd2` or `KindKulisch = 2`).
function(qmac_pkg_value label out)
  file(STRINGS ${QMAC_PKG_FILE} lines REGEX "[ \t]${label}[ \t]*=")
  list(LENGTH lines n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "rtl/qmac_pkg.sv: expected one definition of ${label}, found ${n}")
  endif()
  if(NOT lines MATCHES "${label}[ \t]*=[ \t]*([0-9]+'d)?([0-9]+)")
    message(FATAL_ERROR "rtl/qmac_pkg.sv: ${label} has no decimal value")
  endif()
  set(${out} ${CMAKE_MATCH_2} PARENT_SCOPE)
endfunction()

# Verilator's -G arguments for a systolic_array of `size` (ROWSxCOLS), MAC
# family `family` (qmac_pkg's Kind<family>), element format `fmt` (Fmt<fmt>,
# or - for the parameter's default) and BlockLen `block`.
function(qmac_array_args size family fmt block out)
  if(NOT size MATCHES "^([0-9]+)x([0-9]+)$")
    message(FATAL_ERROR "array size '${size}' is not ROWSxCOLS")
  endif()
  qmac_pkg_value(Kind${family} kind)
  # -G gives an enum parameter a number, which Verilator accepts with ENUMVALUE waived.
  set(args -GRows=${CMAKE_MATCH_1} -GCols=${CMAKE_MATCH_2} -GKind=${kind} -GBlockLen=${block})
  if(NOT fmt STREQUAL "-")
    qmac_pkg_value(Fmt${fmt} fmt_value)
    list(APPEND args "-GFmtA=4'd${fmt_value}")
  endif()
  set(${out} ${args} PARENT_SCOPE)
endfunction()

function(qmac_built_arrays)
  file(STRINGS ${QMAC_BUILT_ARRAYS_FILE} lines)
  set(models "")
  set(line_no 0)
  foreach(line IN LISTS lines)
    math(EXPR line_no "${line_no} + 1")
    if(line MATCHES "^[ \t]*(#|$)")
      continue()
    endif()
    string(REGEX REPLACE "[ \t]+" ";" f "${line}")
    list(LENGTH f nf)
    if(NOT nf EQUAL 7)
      message(FATAL_ERROR "rtl/built_arrays.txt:${line_no}: expected 7 columns (array size dataflows family fmt_a block_len kinds), got ${nf}")
    endif()
    list(GET f 0 array)
    list(GET f 1 size)
    list(GET f 2 dataflows)
    list(GET f 3 family)
    list(GET f 4 fmt)
    list(GET f 5 block)
    list(GET f 6 kinds)
    if(NOT size MATCHES "^([0-9]+)x([0-9]+)$")
      message(FATAL_ERROR "rtl/built_arrays.txt:${line_no}: size '${size}' is not ROWSxCOLS")
    endif()
    set(rows ${CMAKE_MATCH_1})
    set(cols ${CMAKE_MATCH_2})
    qmac_array_args(${size} ${family} ${fmt} ${block} args)
    qmac_pkg_value(Kind${family} kind)
    set(model Varray_${array}_${rows}x${cols})
    if(model IN_LIST models)
      message(FATAL_ERROR "rtl/built_arrays.txt:${line_no}: ${array} ${size} is declared twice")
    endif()
    list(APPEND models ${model})
    set(QMAC_BA_${model}_ARGS ${args} PARENT_SCOPE)
    set(QMAC_BA_${model}_ROW
        "X(${model}, ${family}, \"${array}\", ${rows}, ${cols}, \"${dataflows}\", \"${fmt}\", ${block}u, \"${kinds}\", ${kind}, ${line_no})"
        PARENT_SCOPE)
  endforeach()
  set(QMAC_BUILT_ARRAYS ${models} PARENT_SCOPE)
endfunction()
