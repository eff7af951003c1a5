"""The shipped catalogue, fact by fact with its source: events and their screening-matrix
cells, EU authorisations, reference materials and methods.

Every fact names a key of SOURCES. An element an event has no cell for is unknown for it,
never absent: the cells below are only those a source settles. A GMOseek cell is a qPCR
result on the named certified reference material (present: every assay for the element
positive; absent: every one negative); results the paper marks as due to an impurity are not
cells. Method codes are JRC GMOMETHODS / EUginius codes read in the source; no event-specific
(QT-EVE) method ships, because no source read confirmed its code. What could not be sourced
is listed in the README ("Where the data comes from").
"""

SOURCES = {
    # key: (title, url, licence)
    'gmoseek_t1': (
        "Block et al. (2013) The GMOseek matrix: a decision support tool for optimizing the detection of genetically modified plants. BMC Bioinformatics 14:256, Table 1 'QPCR results obtained with screening targets (TaqMan probes) on AOCS and IRMM certified reference material', part A (promoters and terminators)",
        'https://bmcbioinformatics.biomedcentral.com/articles/10.1186/1471-2105-14-256/tables/1',
        'CC BY (BioMed Central open access; licence version not re-checked in this session)'),
    'eu_register': (
        'EU register of genetically modified food and feed (European Commission, DG SANTE), event detail pages',
        'https://webgate.ec.europa.eu/dyna2/gm-register/',
        'EU Commission reuse policy (Decision 2011/833/EU): reuse authorised with acknowledgement'),
    'dec_2006_68': (
        'Commission Decision 2006/68/EC (MON 863 food), Annex',
        'http://www.legislation.gov.uk/eudn/2006/68/annex/adopted',
        'EU legal text (reuse authorised); legislation.gov.uk copy under OGL v3'),
    'dec_2006_197': (
        'Commission Decision 2006/197/EC (maize 1507 food), Annex (b)',
        'https://legislation.gov.uk/eudn/2006/197/annexes/2006-03-03/data.html',
        'EU legal text; legislation.gov.uk OGL v3'),
    'bch_46305': (
        'Biosafety Clearing-House LMO record 46305, MON-89Ø34-3 (DNA insert from vector PV-ZMIR245)',
        'https://bch.cbd.int/database/record.shtml?documentid=46305',
        'BCH public record (CBD); no explicit licence seen'),
    'bch_14797': (
        'Biosafety Clearing-House LMO record 14797, SYN-BTØ11-1 (Bt11), genetic elements construct',
        'https://bch-static4.cbd.int/database/record.shtml?documentid=14797',
        'BCH public record (CBD)'),
    'bch_15105': (
        'Biosafety Clearing-House LMO record 15105, MIR604',
        'http://bch.cbd.int/database/record.shtml?documentid=15105',
        'BCH public record (CBD)'),
    'cera_3272_stack': (
        'ILSI/CERA GM Crop Database: 3272 × Bt11 × MIR604 × GA21, Summary of Introduced Genetic Elements',
        'http://cera-gmc.org/GmCropDatabaseEvent/3272%20%C3%97%20Bt11%20%C3%97%20MIR604%20%C3%97%20GA21',
        'CERA database terms (not an open licence); facts only'),
    'cera_mon531x1445': (
        'ILSI/CERA GM Crop Database: MON531 × MON1445, Summary of Introduced Genetic Elements',
        'http://cera-gmc.org/GmCropDatabaseEvent/MON531%20x%20MON1445',
        'CERA database terms; facts only'),
    'snif_h71': (
        'JRC GMO register of Part B field-trial notifications (SNIF) B/SE/15/4252, H7-1 sugar beet, genetic elements',
        'http://gmoinfo.jrc.ec.europa.eu/gmp_report.aspx?CurNot=B/SE/15/4252',
        'EU Commission reuse policy'),
    'euginius_gmo_detail': (
        'EUginius (BVL / WFSR) GMO detail pages, detection-method tables (pages for MON71800, 281-24-236×3006-210-23×MON88913, COT102×MON15985)',
        'https://euginius.eu/euginius/pages/gmo_detail.jsf?gmoname=MON71800',
        'EUginius terms of use (open access); facts only'),
    'euginius_qt_tax_zm_008': (
        'EUginius method detail QT-TAX-ZM-008',
        'https://euginius.eu/euginius/pages/method_detailview.jsf?method=QT-TAX-ZM-008',
        'EUginius terms of use'),
    'welsh_si_2023_379': (
        'The Genetically Modified Food and Feed (Authorisations...) (Wales) Regulations 2023, SI 2023/379, Schedule 5 para 4',
        'https://legislation.gov.uk/cy/wsi/2023/379/schedule/5/paragraph/4?view=plain',
        'OGL v3'),
    'aocs_0707c': (
        'AOCS certification reports 0707-C5 and 0707-C6 (A5547-127 soybean CRM)',
        'https://fdocuments.us/document/certified-reference-materials-aocs-0707-c6-advances-the-science-and-technology-of.html',
        'AOCS copyright; facts only'),
    'aocs_0607a': (
        'AOCS certification report 0607-A (MIR604 maize kernel CRM)',
        'https://businessdocbox.com/Biotech_and_Biomedical/104968290-Certified-reference-materials-aocs-0607-a.html',
        'AOCS copyright; facts only'),
    'dec_2009_866': (
        'Commission Decision 2009/866/EC (MIR604), Annex',
        'https://legislation.gov.uk/eudn/2009/866/annexes/adopted/data.html',
        'EU legal text; legislation.gov.uk OGL v3'),
    'com_2011_40': (
        'COM(2011)40 draft Decision authorising cotton GHB614 (BCS-GHØØ2-5), Annex (EU Monitor copy)',
        'https://www.eumonitor.eu/9353000/1/j4nvirkkkr58fyw_j9vvik7m1c3gyxp/vimo8lct1azd',
        'EU legal text'),
    'com_2007_346': (
        'COM(2007)346 draft Decision authorising food and feed produced from sugar beet H7-1, Annex (EU Monitor copy)',
        'https://eumonitor.eu/9353000/1/j4nvirkkkr58fyw_j9vvik7m1c3gyxp/vi8rm2zsksz0',
        'EU legal text'),
}

EVENTS = [
    {
        "name": 'MON810', "uid": 'MON-ØØ81Ø-6', "species": 'maize',
        "traits": ['insect resistance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'MON810 (5%) ERM-BF413f'; p35S[50],[51],[52] all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'MON810 (5%) ERM-BF413f'; pFMV -"),
            ('P-act1', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'MON810 (5%) ERM-BF413f'; pRice Actin -"),
            ('T-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'MON810 (5%) ERM-BF413f'; tNOS[52] -, tNOS[39] -"),
            ('T-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'MON810 (5%) ERM-BF413f'; t35S -"),
            ('cry1Ab', 'present', 'eu_register',
             'details/11, Designation: expresses the Cry1Ab protein'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing', 'cultivation'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2024/1828 (renewal of food/feed products incl. pollen; repeals (EU) 2017/1207); cultivation and seed: Commission Decision 98/294/EC (renewal pending)',
                'decided_on': '2024-07-02',
                'valid_until': None,
                'source': 'https://lexaris.de/book/version/documentflat/head/5201404',
            },
        ],
    },
    {
        "name": 'Bt11', "uid": 'SYN-BTØ11-1', "species": 'maize',
        "traits": ['insect resistance', 'herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'bch_14797',
             "Genetic elements construct: 'CaMV 35S promoter' (twice)"),
            ('T-nos', 'present', 'bch_14797',
             "Genetic elements construct: 'Nopaline Synthase Gene Terminator'"),
            ('cry1Ab', 'present', 'eu_register',
             'details/40 Designation'),
            ('pat', 'present', 'eu_register',
             'details/40 Designation (PAT protein)'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Decision 2010/419/EU (renewal; latest EU decision confirmed in this session)',
                'decided_on': '2010-07-28',
                'valid_until': None,
                'source': 'https://legislation.gov.uk/cy/eudn/2010/419/body?timeline=false&view=plain',
            },
        ],
    },
    {
        "name": 'GA21', "uid": 'MON-ØØØ21-9', "species": 'maize',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GA21 (4.29%) ERM-BF414f'; pFMV -"),
            ('P-act1', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'GA21 (4.29%) ERM-BF414f'; pRice Actin +"),
            ('T-nos', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'GA21 (4.29%) ERM-BF414f'; tNOS[52] +, tNOS[39] +"),
            ('T-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GA21 (4.29%) ERM-BF414f'; t35S -"),
            ('mepsps', 'present', 'eu_register',
             'details/3 Designation: expresses the mEPSPS protein'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2018/1112 (renewal; previous Decision 2008/280/EC)',
                'decided_on': '2018-08-03',
                'valid_until': None,
                'source': 'http://data.europa.eu/eli/dec_impl/2018/1112/oj',
            },
        ],
    },
    {
        "name": 'NK603', "uid": 'MON-ØØ6Ø3-6', "species": 'maize',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'NK603 (1.96%) ERM-BF415e'; p35S all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'NK603 (1.96%) ERM-BF415e'; pFMV -"),
            ('P-act1', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'NK603 (1.96%) ERM-BF415e'; pRice Actin +"),
            ('T-nos', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'NK603 (1.96%) ERM-BF415e'; tNOS both +"),
            ('T-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'NK603 (1.96%) ERM-BF415e'; t35S -"),
            ('CP4-epsps', 'present', 'eu_register',
             'gm_register_auth.cfm?pr_id=61 Designation: CP4 EPSPS protein'),
        ],
        "authorisations": [],  # the EU status after the last decision read is not known
    },
    {
        "name": '1507', "uid": 'DAS-Ø15Ø7-1', "species": 'maize',
        "traits": ['insect resistance', 'herbicide tolerance'], "aliases": ['TC1507'],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'TC 1507 (9.85%) ERM-BF418d'; p35S all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'TC 1507 (9.85%) ERM-BF418d'; pFMV -"),
            ('P-act1', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'TC 1507 (9.85%) ERM-BF418d'; pRice Actin -"),
            ('T-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'TC 1507 (9.85%) ERM-BF418d'; tNOS both -"),
            ('T-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'TC 1507 (9.85%) ERM-BF418d'; t35S +"),
            ('P-ubi', 'present', 'dec_2006_197',
             "Annex (b) cassette 1: 'ubiquitin promoter ubiZM1 from Zea mays'"),
            ('cry1F', 'present', 'dec_2006_197',
             'Annex (b) cassette 1'),
            ('pat', 'present', 'dec_2006_197',
             'Annex (b) cassette 2: pat under 35S promoter and 35S terminator'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2017/2452 (renewal; previous 2005/772/EC and 2006/197/EC)',
                'decided_on': '2017-12-21',
                'valid_until': None,
                'source': 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32017D2452',
            },
        ],
    },
    {
        "name": 'T25', "uid": 'ACS-ZMØØ3-2', "species": 'maize',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'T25 (100%) AOCS0306-H'; p35S all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'T25 (100%) AOCS0306-H'; pFMV -"),
            ('P-act1', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'T25 (100%) AOCS0306-H'; pRice Actin -"),
            ('T-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'T25 (100%) AOCS0306-H'; tNOS both -"),
            ('T-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'T25 (100%) AOCS0306-H'; t35S +"),
            ('pat', 'present', 'eu_register',
             'details/20 Designation: PAT protein'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2026/518 (renewal)',
                'decided_on': '2026-03-10',
                'valid_until': None,
                'source': 'https://eur-lex.europa.eu/eli/dec_impl/2026/518',
            },
        ],
    },
    {
        "name": 'MON863', "uid": 'MON-ØØ863-5', "species": 'maize',
        "traits": ['insect resistance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'dec_2006_68',
             "Annex, cassette 2: nptII 'under the regulation of the 35S Cauliflower Mosaic Virus promoter'"),
            ('T-nos', 'present', 'dec_2006_68',
             "Annex, cassette 2: 'NOS 3' terminator sequences from Agrobacterium tumefaciens'"),
            ('nptII', 'present', 'dec_2006_68',
             'Annex, cassette 2'),
            ('cry3Bb1', 'present', 'dec_2006_68',
             'Annex, cassette 1'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'expired',
                'decision': 'Commission Implementing Decision (EU) 2016/87 (withdrawal from the market of existing MON 863 products; repeals 2010/139/EU, 2010/140/EU, 2010/141/EU)',
                'decided_on': '2016-01-22',
                'valid_until': '2016-01-12',
                'source': 'https://lexaris.eu/book/document/2058248/page/1',
            },
        ],
    },
    {
        "name": 'MON89034', "uid": 'MON-89Ø34-3', "species": 'maize',
        "traits": ['insect resistance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'bch_46305',
             "cry1A.105 cassette: 'Cauliflower Mosaic Virus (CaMV) 35S promoter'"),
            ('P-FMV', 'present', 'bch_46305',
             "cry2Ab2 cassette: 'Figwort Mosaic Virus (FMV) 35S promoter'"),
            ('T-nos', 'present', 'bch_46305',
             "cry2Ab2 cassette: 'nopaline synthase (nos) terminator'"),
            ('nptII', 'absent', 'bch_46305',
             "Note: nptII T-DNA bred out; 'No backbone plasmid DNA or nptII sequences were detected'"),
            ('cry1A.105', 'present', 'eu_register',
             'details/34 Designation'),
            ('cry2Ab2', 'present', 'eu_register',
             'details/34 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2021/63 (renewal; previous 2009/813/EC)',
                'decided_on': '2021-01-22',
                'valid_until': None,
                'source': 'https://eur-lex.europa.eu/eli/dec_impl/2021/63',
            },
        ],
    },
    {
        "name": 'MIR604', "uid": 'SYN-IR6Ø4-5', "species": 'maize',
        "traits": ['insect resistance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('T-nos', 'present', 'cera_3272_stack',
             "mcry3A row (MIR604): 'MTL promoter (Zea mays)', 'NOS terminator (Agrobacterium tumefaciens)'"),
            ('P-ubi', 'present', 'bch_15105',
             "'Corn MIR604 contains a single copy of the MTL and ZmUbiInt promoters'"),
            ('mcry3A', 'present', 'bch_15105',
             'record text'),
            ('pmi', 'present', 'dec_2009_866',
             'Annex (b): pmi gene used as a selectable marker'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Renewal adopted 22 January 2021 (decision number not confirmed); original Commission Decision 2009/866/EC of 30 November 2009',
                'decided_on': '2021-01-22',
                'valid_until': None,
                'source': 'https://biotech-gm-food.com/mais-mir-604',
            },
        ],
    },
    {
        "name": 'MIR162', "uid": 'SYN-IR162-4', "species": 'maize',
        "traits": ['insect resistance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('vip3Aa20', 'present', 'eu_register',
             'details/57 Designation'),
            ('pmi', 'present', 'eu_register',
             'details/57 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2023/2143 (renewal; also amends reference material in (EU) 2016/1685, 2019/1305, 2019/2087; original 2012/651/EU of 18 Oct 2012)',
                'decided_on': '2023-10-13',
                'valid_until': None,
                'source': 'https://lexaris.de/book/version/documentflat/head/4647279',
            },
        ],
    },
    {
        "name": 'GTS 40-3-2', "uid": 'MON-Ø4Ø32-6', "species": 'soybean',
        "traits": ['herbicide tolerance'], "aliases": ['40-3-2'],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'GTS 40-3-2 (10%) ERM-BF410gk'; p35S all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GTS 40-3-2 (10%) ERM-BF410gk'; pFMV -"),
            ('T-E9', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GTS 40-3-2 (10%) ERM-BF410gk'; tE9 -"),
            ('T-nos', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'GTS 40-3-2 (10%) ERM-BF410gk'; tNOS both +"),
            ('T-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GTS 40-3-2 (10%) ERM-BF410gk'; t35S -"),
            ('CP4-epsps', 'present', 'eu_register',
             'details/53 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2023/1213 (renewal; previous 2012/82/EU)',
                'decided_on': '2023-06-21',
                'valid_until': None,
                'source': 'https://www.lexaris.de/book/version/documentflat/head/2021790',
            },
        ],
    },
    {
        "name": 'MON89788', "uid": 'MON-89788-1', "species": 'soybean',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-FMV', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'MON89788 (>99%) AOCS 0906-B'; pFMV +"),
            ('T-E9', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'MON89788 (>99%) AOCS 0906-B'; tE9 +"),
            ('T-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'MON89788 (>99%) AOCS 0906-B'; t35S -"),
            ('CP4-epsps', 'present', 'eu_register',
             'pr_id=32 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2019/2083 (renewal; previous 2008/933/EC of 4 Dec 2008)',
                'decided_on': '2019-11-28',
                'valid_until': None,
                'source': 'http://bch.cbd.int/database/record.shtml?documentid=115428',
            },
        ],
    },
    {
        "name": 'A2704-12', "uid": 'ACS-GMØØ5-3', "species": 'soybean',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'A2704-12 (100%) AOCS 0707-B'; p35S all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'A2704-12 (100%) AOCS 0707-B'; pFMV -"),
            ('T-E9', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'A2704-12 (100%) AOCS 0707-B'; tE9 -"),
            ('T-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'A2704-12 (100%) AOCS 0707-B'; tNOS both -"),
            ('T-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'A2704-12 (100%) AOCS 0707-B'; t35S +"),
            ('pat', 'present', 'eu_register',
             'details/30 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2019/2084 (renewal; previous 2008/730/EC of 8 Sep 2008)',
                'decided_on': '2019-11-28',
                'valid_until': None,
                'source': 'https://lexaris.de/book/version/documentflat/head/2064311',
            },
        ],
    },
    {
        "name": 'A5547-127', "uid": 'ACS-GMØØ6-4', "species": 'soybean',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'A5547-127 (100%) AOCS 0707-C2'; p35S all +"),
            ('P-FMV', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'A5547-127 (100%) AOCS 0707-C2'; pFMV -"),
            ('T-E9', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'A5547-127 (100%) AOCS 0707-C2'; tE9 -"),
            ('T-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'A5547-127 (100%) AOCS 0707-C2'; tNOS both -"),
            ('T-35S', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'A5547-127 (100%) AOCS 0707-C2'; t35S +"),
            ('pat', 'present', 'eu_register',
             'details/52 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2023/415 (renewal; previous 2012/81/EU)',
                'decided_on': '2023-02-22',
                'valid_until': None,
                'source': 'https://agrinfo.eu/book-of-reports/authorisation-genetically-modified-soybean-a5547-127',
            },
        ],
    },
    {
        "name": 'GT73', "uid": 'MON-ØØØ73-7', "species": 'oilseed rape',
        "traits": ['herbicide tolerance'], "aliases": ['RT73'],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; p35S[50],[51],[52] all -"),
            ('P-FMV', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; pFMV +"),
            ('P-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; pNOS -"),
            ('T-E9', 'present', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; tE9 +"),
            ('T-nos', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; tNOS[52] -, tNOS[39] -"),
            ('T-35S', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; t35S -"),
            ('T-ocs', 'absent', 'gmoseek_t1',
             "Table 1 part A, row 'GT73 (>99%) AOCS 0304-B'; tOCS -"),
            ('CP4-epsps', 'present', 'eu_register',
             'details/4 Designation: cp4 epsps and goxv247 genes'),
            ('goxv247', 'present', 'eu_register',
             'details/4 Designation'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed', 'import_processing'],
                'status': 'authorised',
                'decision': 'Food: Commission Implementing Decision (EU) 2015/701 of 24 April 2015; feed and other uses: Commission Implementing Decision (EU) 2021/1385 (renewal of 2005/635/EC)',
                'decided_on': '2021-08-17',
                'valid_until': None,
                'source': 'https://webgate.ec.europa.eu/dyna2/gm-register/details/4',
            },
        ],
    },
    {
        "name": 'H7-1', "uid": 'KM-ØØØH71-4', "species": 'sugar beet',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-FMV', 'present', 'snif_h71',
             "Elements table item 2a 'P-FMV': 35S promoter from a modified figwort mosaic virus driving cp4 epsps"),
            ('CP4-epsps', 'present', 'snif_h71',
             'Elements table item 4a'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2018/1113 (renewal of food and feed produced from H7-1; previous 2007/692/EC of 24 Oct 2007)',
                'decided_on': '2018-08-03',
                'valid_until': None,
                'source': 'https://lexaris.de/book/version/documentflat/head/2057829',
            },
        ],
    },
    {
        "name": 'MON531', "uid": 'MON-ØØ531-6', "species": 'cotton',
        "traits": ['insect resistance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('P-35S', 'present', 'cera_mon531x1445',
             "cry1Ac row: 'double enhanced CaMV 35S' (EUginius QL-CON-35S-F/nptII-R also lists MON531)"),
            ('cry1Ac', 'present', 'cera_mon531x1445',
             'cry1Ac row'),
            ('nptII', 'present', 'cera_mon531x1445',
             'nptII row (BCH LMO record 14775 also names the nptII cassette)'),
        ],
        "authorisations": [
            {
                'jurisdiction': 'EU',
                'scope': ['food', 'feed'],
                'status': 'authorised',
                'decision': 'Commission Implementing Decision (EU) 2015/689 (renewal of existing MON 531 products)',
                'decided_on': '2015-04-24',
                'valid_until': None,
                'source': 'http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=CELEX%3A02015D0689-20190924%3Aen%3ANOT',
            },
        ],
    },
    {
        "name": 'GHB614', "uid": 'BCS-GHØØ2-5', "species": 'cotton',
        "traits": ['herbicide tolerance'], "aliases": [],
        "cells": [
            # element, state, source, where in the source
            ('2mepsps', 'present', 'com_2011_40',
             'Annex (b): expresses the 2mEPSPS protein'),
        ],
        "authorisations": [],  # the EU status after the last decision read is not known
    },
]

JRC = "European Commission, Joint Research Centre (JRC)"
AOCS = "American Oil Chemists' Society (AOCS)"

REFERENCE_MATERIALS = [
    # code, producer, event, role (gm, control; None: not known), form (None: not known),
    # certified value as the source gives it, source
    ('ERM-BF413f', JRC, 'MON-ØØ81Ø-6', 'gm', None, '5 %',
     'gmoseek_t1'),
    # ERM-BF413k: register details/11
    ('ERM-BF413k', JRC, 'MON-ØØ81Ø-6', 'gm', None, None,
     'eu_register'),
    # ERM-BF412: register details/40; grade/level not stated
    ('ERM-BF412', JRC, 'SYN-BTØ11-1', 'gm', None, None,
     'eu_register'),
    # ERM-BF414f: GMOseek notes impurity Bt176/MON810 in this CRM
    ('ERM-BF414f', JRC, 'MON-ØØØ21-9', 'gm', None, '4.29 %',
     'gmoseek_t1'),
    ('ERM-BF415e', JRC, 'MON-ØØ6Ø3-6', 'gm', None, '1.96 %',
     'gmoseek_t1'),
    ('ERM-BF418d', JRC, 'DAS-Ø15Ø7-1', 'gm', None, '9.85 %',
     'gmoseek_t1'),
    ('AOCS 0306-H', AOCS, 'ACS-ZMØØ3-2', 'gm', None, '100 %',
     'gmoseek_t1'),
    # AOCS 0906-E: sole RM listed for MON89034 (details/34); is_gm inferred from that, not from a certificate. For MON89034×MON88017 the register lists 'AOCS 0406-A and AOCS 0906-E (for MON-89Ø34-3)'
    ('AOCS 0906-E', AOCS, 'MON-89Ø34-3', None, None, None,
     'eu_register'),
    # ERM-BF423: register pr_id=37; also Decision 2009/866/EC annex
    ('ERM-BF423', JRC, 'SYN-IR6Ø4-5', 'gm', None, None,
     'eu_register'),
    # AOCS 0607-A: ground MIR604 corn kernel, 27 ml glass vials; qualitative control material
    ('AOCS 0607-A', AOCS, 'SYN-IR6Ø4-5', 'gm', 'matrix_powder', None,
     'aocs_0607a'),
    # AOCS 1208-A3: sole AOCS RM named for MIR162; is_gm inferred
    ('AOCS 1208-A3', AOCS, 'SYN-IR162-4', None, None, None,
     'welsh_si_2023_379'),
    # ERM-BF446: current register details/57 (RM amended by (EU) 2023/2143)
    ('ERM-BF446', JRC, 'SYN-IR162-4', 'gm', None, None,
     'eu_register'),
    ('ERM-BF410gk', JRC, 'MON-Ø4Ø32-6', 'gm', None, '10 %',
     'gmoseek_t1'),
    # AOCS 0906-B: GMOseek: impurity GTS 40-3-2 detected
    ('AOCS 0906-B', AOCS, 'MON-89788-1', 'gm', None, '>99 %',
     'gmoseek_t1'),
    ('AOCS 0707-B', AOCS, 'ACS-GMØØ5-3', 'gm', None, '100 %',
     'gmoseek_t1'),
    ('AOCS 0707-C2', AOCS, 'ACS-GMØØ6-4', 'gm', None, '100 %',
     'gmoseek_t1'),
    # AOCS 0707-C5: leaf DNA extract, 0.5 ml tubes, +4 °C dark
    ('AOCS 0707-C5', AOCS, 'ACS-GMØØ6-4', 'gm', 'genomic_dna', None,
     'aocs_0707c'),
    # AOCS 0707-C8: current register details/52; form of this batch not seen
    ('AOCS 0707-C8', AOCS, 'ACS-GMØØ6-4', 'gm', None, None,
     'eu_register'),
    ('AOCS 0304-B', AOCS, 'MON-ØØØ73-7', 'gm', None, '>99 %',
     'gmoseek_t1'),
    # ERM-BF419: COM(2007)346 annex (Decision 2007/692/EC)
    ('ERM-BF419', JRC, 'KM-ØØØH71-4', 'gm', None, None,
     'com_2007_346'),
]

METHODS = [
    # code, name, technique, specificity, element (or taxon), events it detects (construct),
    # validation, reference, source
    ('QL-ELE-00-004', 'P-35S screening, conventional PCR', 'pcr', 'element', 'P-35S', [],
     'interlaboratory',
     'Qualitative conventional PCR for CaMV 35S promoter (Lipp et al., 2001); ISO standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-001', 'P-35S screening, conventional PCR', 'pcr', 'element', 'P-35S', [],
     'interlaboratory',
     'Official Collection of Methods § 64 LFGB, L 00.00-31; national standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-005', 'P-35S screening, conventional PCR', 'pcr', 'element', 'P-35S', [],
     'interlaboratory',
     'ISO/FDIS 21569; ISO standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-012', 'P-35S screening, real-time PCR', 'qpcr', 'element', 'P-35S', [],
     'interlaboratory',
     'Qualitative real-time PCR (TaqMan) for CaMV 35S promoter, P-35S part of the duplex P-35S/T-nos method (ISO 21569 AMD1); EUginius targets: E-35S-CaMV, P-35S, P-scp1-SYNTH; ISO standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-006', 'T-nos screening, conventional PCR', 'pcr', 'element', 'T-nos', [],
     'interlaboratory',
     '§ 64 LFGB L 00.00-31; national standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-007', 'T-nos screening, conventional PCR', 'pcr', 'element', 'T-nos', [],
     'interlaboratory',
     'EU-Project SMT4-CT96-2072:1998; national standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-009', 'T-nos screening, conventional PCR', 'pcr', 'element', 'T-nos', [],
     'interlaboratory',
     'Lipp et al., 2001; ISO standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-010', 'P-FMV screening, conventional PCR', 'pcr', 'element', 'P-FMV', [],
     'interlaboratory',
     'Qualitative conventional PCR for FMV 34S promoter (Pan et al., 2007); ISO standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-002', 'nptII screening, conventional PCR', 'pcr', 'element', 'nptII', [],
     'interlaboratory',
     'ISO 21569; ISO standard',
     'euginius_gmo_detail'),
    ('QL-ELE-00-003', 'nptII screening, conventional PCR', 'pcr', 'element', 'nptII', [],
     'interlaboratory',
     'BVL L 00.00-31, 2001; national standard',
     'euginius_gmo_detail'),
    ('QL-CON-00-008', 'ctp2-CP4 epsps construct junction, real-time PCR', 'qpcr', 'construct', None, ['MON-ØØØ73-7', 'KM-ØØØH71-4', 'MON-89788-1', 'MON-ØØ6Ø3-6'],
     'interlaboratory',
     'ISO 21569 AMD1; detectable GMOs include GT73, H7-1, MON89788, NK603; ISO standard',
     'euginius_gmo_detail'),
    ('QL-CON-CP1/pFMV2', 'P-FMV/cp4 epsps construct junction, conventional PCR', 'pcr', 'construct', None, ['MON-ØØØ73-7', 'KM-ØØØH71-4', 'MON-89788-1'],
     'interlaboratory',
     'BVL G30.40-11; detectable GMOs include GT73, H7-1, MON89788; national standard',
     'euginius_gmo_detail'),
    ('QL-CON-00-013', 'maize ubiquitin promoter / modified cry construct junction, real-time PCR', 'qpcr', 'construct', None, ['DAS-Ø15Ø7-1'],
     'interlaboratory',
     'Grohmann et al., 2015; ISO/TS 21569-6; detectable GMOs include DAS1507; ISO standard',
     'euginius_gmo_detail'),
    ('QL-CON-35S-F/nptII-R', 'P-35S/nptII construct junction, real-time PCR', 'qpcr', 'construct', None, ['MON-ØØ531-6', 'MON-ØØ863-5'],
     'single_laboratory',
     'Reiting, 2010; detectable GMOs include MON531, MON863',
     'euginius_gmo_detail'),
    ('QT-TAX-ZM-008', 'Maize reference gene hmg, real-time PCR', 'qpcr', 'taxon', 'maize', [],
     'interlaboratory',
     'EU-RL GMFF GMOMETHODS database as of 20 July 2023 (via EUginius); EU reference method',
     'euginius_qt_tax_zm_008'),
]
