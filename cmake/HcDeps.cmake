# Every third-party library, found once, as an imported target (the list of Debian packages that
# provide them is scripts/deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs calib3d videoio highgui video dnn)
add_library(hc_opencv INTERFACE)
target_include_directories(hc_opencv SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
target_link_libraries(hc_opencv INTERFACE ${OpenCV_LIBS})
add_library(hc::opencv ALIAS hc_opencv)

pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(MOSQUITTO REQUIRED IMPORTED_TARGET libmosquitto)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
# valijson is header-only; Debian installs it under /usr/include/valijson.
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
add_library(hc_valijson INTERFACE)
target_include_directories(hc_valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
add_library(hc::valijson ALIAS hc_valijson)
