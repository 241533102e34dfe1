package main

import (
	"encoding/base64"
	"encoding/binary"
	"unicode/utf16"
)

// Compound file constants ([MS-CFB] 2.1, 2.2).
const (
	sectorSize = 512
	freeSect   = 0xFFFFFFFF
	endOfChain = 0xFFFFFFFE
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF
)

// encryptedOOXML builds what Office writes for a password-protected
// DOCX ([MS-OFFCRYPTO] 2.3.4.10, agile encryption): a compound file
// holding an EncryptionInfo stream (version 4.4 and its XML descriptor)
// and an EncryptedPackage stream (the package's size, then ciphertext).
// Both streams are 4 KiB or more, so they live in regular sectors and the
// file needs no mini stream.
func encryptedOOXML() []byte {
	rnd := lcg(20240129)
	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(rnd.bytes(n)) }
	info := []byte{4, 0, 4, 0, 0x40, 0, 0, 0}
	info = append(info, []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n"+
		`<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">`+
		`<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="`+b64(16)+`"/>`+
		`<dataIntegrity encryptedHmacKey="`+b64(64)+`" encryptedHmacValue="`+b64(64)+`"/>`+
		`<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">`+
		`<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="`+b64(16)+
		`" encryptedVerifierHashInput="`+b64(16)+`" encryptedVerifierHashValue="`+b64(64)+`" encryptedKeyValue="`+b64(32)+`"/>`+
		`</keyEncryptor></keyEncryptors></encryption>`)...)
	info = append(info, make([]byte, 8*sectorSize-len(info))...)
	pkg := make([]byte, 16*sectorSize)
	binary.LittleEndian.PutUint64(pkg, 8100)
	copy(pkg[8:], rnd.bytes(len(pkg)-8))

	// Sector 0 is the FAT, 1 the directory, then the two streams.
	const infoStart, pkgStart = 2, 2 + 8
	fat := make([]uint32, sectorSize/4)
	for i := range fat {
		fat[i] = freeSect
	}
	fat[0], fat[1] = fatSect, endOfChain
	chain := func(start, n int) {
		for i := start; i < start+n-1; i++ {
			fat[i] = uint32(i + 1)
		}
		fat[start+n-1] = endOfChain
	}
	chain(infoStart, len(info)/sectorSize)
	chain(pkgStart, len(pkg)/sectorSize)

	header := make([]byte, sectorSize)
	copy(header, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(header[24:], 0x003E) // minor version
	le.PutUint16(header[26:], 3)      // major version: 512-byte sectors
	le.PutUint16(header[28:], 0xFFFE) // byte order
	le.PutUint16(header[30:], 9)      // sector shift
	le.PutUint16(header[32:], 6)      // mini sector shift
	le.PutUint32(header[44:], 1)      // FAT sectors
	le.PutUint32(header[48:], 1)      // first directory sector
	le.PutUint32(header[56:], 4096)   // mini stream cutoff
	le.PutUint32(header[60:], endOfChain)
	le.PutUint32(header[68:], endOfChain)
	le.PutUint32(header[76:], 0) // DIFAT[0]: the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(header[76+4*i:], freeSect)
	}

	dir := make([]byte, sectorSize)
	// The root's child is EncryptedPackage; EncryptionInfo, the shorter
	// name, sorts before it and is its left sibling.
	dirEntry(dir[0:], "Root Entry", 5, noStream, noStream, 2, endOfChain, 0)
	dirEntry(dir[128:], "EncryptionInfo", 2, noStream, noStream, noStream, infoStart, len(info))
	dirEntry(dir[256:], "EncryptedPackage", 2, 1, noStream, noStream, pkgStart, len(pkg))
	dirEntry(dir[384:], "", 0, noStream, noStream, noStream, 0, 0)

	out := append([]byte{}, header...)
	fatBytes := make([]byte, sectorSize)
	for i, v := range fat {
		le.PutUint32(fatBytes[4*i:], v)
	}
	out = append(out, fatBytes...)
	out = append(out, dir...)
	out = append(out, info...)
	return append(out, pkg...)
}

// dirEntry writes a 128-byte directory entry ([MS-CFB] 2.6.1).
func dirEntry(b []byte, name string, typ byte, left, right, child uint32, start uint32, size int) {
	le := binary.LittleEndian
	if name != "" {
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			le.PutUint16(b[2*i:], c)
		}
		le.PutUint16(b[64:], uint16(2*len(u)+2))
	}
	b[66] = typ
	b[67] = 1 // black
	le.PutUint32(b[68:], left)
	le.PutUint32(b[72:], right)
	le.PutUint32(b[76:], child)
	le.PutUint32(b[116:], start)
	le.PutUint32(b[120:], uint32(size))
}

// lcg is a small deterministic byte source for the fixtures' "ciphertext".
type lcg uint64

func (l *lcg) bytes(n int) []byte {
	out := make([]byte, n)
	for i := range out {
		*l = *l*6364136223846793005 + 1442695040888963407
		out[i] = byte(*l >> 56)
	}
	return out
}
