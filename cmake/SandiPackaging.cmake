# SPDX-License-Identifier: GPL-3.0-or-later
# Debian packages with CPack: one package per component.
#   sandi          the `sandi` command line and its message catalogues   (component cli)
#   sandi-relay    sandi-relay, its systemd unit, /etc/sandi/relay.ini   (component relay)
#   sandi-desktop  sandi-desktop, its .desktop file and icon             (component desktop)
# scripts/package.sh builds them from build/release (`cpack` there); the install test is
# tests/packaging/deb_install_test.py. The unit, the configuration and the maintainer
# scripts are in packaging/relay/.
include(GNUInstallDirs)

set(SANDI_DEB_RELEASE 1 CACHE STRING "The Debian revision of the packages (VERSION-REVISION)")
set(SANDI_DEB_MAINTAINER "Sandi maintainers <maintainers@users.noreply.r-seed-50a9adfe.example>"
    CACHE STRING "The Maintainer field of the Debian packages")

# What only a package carries: absolute destinations (/etc, /lib/systemd), installed by a
# component installation (cpack) and never by a plain `cmake --install` into a prefix.
set(_pkg ${PROJECT_SOURCE_DIR}/packaging)
install(FILES ${_pkg}/relay/sandi-relay.service DESTINATION /lib/systemd/system COMPONENT relay EXCLUDE_FROM_ALL)
install(FILES ${_pkg}/relay/relay.ini DESTINATION /etc/sandi COMPONENT relay EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/docs/relay.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/sandi-relay
        COMPONENT relay EXCLUDE_FROM_ALL)
foreach(_package_component IN ITEMS sandi:cli sandi-relay:relay sandi-desktop:desktop)
  string(REPLACE ":" ";" _pair ${_package_component})
  list(GET _pair 0 _package)
  list(GET _pair 1 _component)
  install(FILES ${_pkg}/debian/copyright DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${_package}
          COMPONENT ${_component} EXCLUDE_FROM_ALL)
endforeach()

# cpack installs each component itself: its "preinstall" step must not build every target
# of the tree (tests, fuzzers, benchmarks); scripts/package.sh builds the three programs.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sandi)
set(CPACK_PACKAGE_VENDOR "Sandi")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${SANDI_DEB_MAINTAINER})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_COMPONENTS_ALL cli relay desktop)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # NAME_VERSION-REVISION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE ${SANDI_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # dpkg-shlibdeps: Depends from the libraries the programs link
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE) # maintainer scripts 0755, conffiles 0644
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_CLI_PACKAGE_NAME sandi)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
string(CONCAT CPACK_DEBIAN_CLI_DESCRIPTION
    "command line of Sandi: PKI, PAdES signing and verification, encrypted memos\n"
    "The `sandi` command: the province's certificate authorities (sandi ca), signing and\n"
    "verifying PDFs (PAdES) and detached CMS, RFC 3161 time-stamps, and end-to-end\n"
    "encrypted memos (nota dinas) through a Sandi relay. Messages in English and\n"
    "Bahasa Indonesia.")

set(CPACK_DEBIAN_RELAY_PACKAGE_NAME sandi-relay)
set(CPACK_DEBIAN_RELAY_PACKAGE_SECTION net)
# Besides the libraries it links: QtSql's SQLite driver (a plugin, loaded at run time),
# adduser for its system user, runuser (util-linux) for the postinst's check.
set(CPACK_DEBIAN_RELAY_PACKAGE_DEPENDS "libqt6sql6-sqlite, adduser")
set(CPACK_DEBIAN_RELAY_PACKAGE_CONTROL_EXTRA
    ${_pkg}/relay/conffiles ${_pkg}/relay/postinst ${_pkg}/relay/prerm ${_pkg}/relay/postrm)
string(CONCAT CPACK_DEBIAN_RELAY_DESCRIPTION
    "relay server for the end-to-end encrypted memos of Sandi\n"
    "sandi-relay stores the ciphertexts of memos until the recipient devices take them,\n"
    "keeps the prekey directory and attachment blobs, and admits only devices whose\n"
    "certificates the province's office CAs issued. It runs as a systemd service under\n"
    "its own user, with its state in /var/lib/sandi-relay and its settings in\n"
    "/etc/sandi/relay.ini.")

set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME sandi-desktop)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SECTION x11)
# Qt's platform plugins (xcb, wayland), loaded at run time.
set(CPACK_DEBIAN_DESKTOP_PACKAGE_DEPENDS "qt6-qpa-plugins")
string(CONCAT CPACK_DEBIAN_DESKTOP_DESCRIPTION
    "desktop application of Sandi: encrypted memos and signed PDFs\n"
    "The desktop application of Sandi for officials: reading and writing end-to-end\n"
    "encrypted memos, signing and verifying PDFs.")

include(CPack)
