# SPDX-License-Identifier: GPL-2.0-or-later
# Embed the file IN as the NUL-terminated C string NAME in the C file OUT:
#   cmake -DIN=profile.json -DOUT=profile.c -DNAME=sixd_profile -P embed.cmake
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "// SPDX-License-Identifier: GPL-2.0-or-later\n"
  "// Generated from ${IN} by scripts/embed.cmake: do not edit.\n"
  "extern const char ${NAME}[];\n"
  "const char ${NAME}[] = {${bytes} 0x00};\n")
