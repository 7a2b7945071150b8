// The operator console's words in Chinese and English: the page's labels and the texts its script shows.
import type { PageLang } from '../../src/http/pages/booking-texts.ts';

const zh = {
  title: '运营后台', email: '邮箱', password: '密码', login: '登录', logout: '退出', loginFailed: '登录失败：邮箱或密码不正确',
  other: 'English', otherLang: 'en', tenant: '租户', pickTenant: '请选择租户',
  tabHotels: '酒店', tabCalendar: '房态日历', tabReservations: '订单', tabKnowledge: '知识库', tabConversations: '对话复盘', tabDashboard: '数据看板',
  name: '名称', city: '城市', tier: '档次', address: '地址', description: '简介', amenities: '设施（逗号分隔）', photos: '照片（每行一个网址）',
  policies: '政策', payment: '付款方式', atHotel: '到店付款', prepay: '预付', holdMinutes: '预付保留（分钟）', cancelHours: '免费取消（入住前小时数）',
  newHotel: '新建酒店', save: '保存', saved: '已保存', edit: '编辑', prev: '上一页', next: '下一页', none: '暂无', all: '全部',
  roomTypes: '房型', capacity: '可住人数', basePrice: '基础价（元）', addRoomType: '添加房型', openCalendar: '房态',
  tiers: { budget: '经济型', comfort: '舒适型', luxury: '豪华型' },
  policyNames: {
    checkInTime: '入住时间', checkOutTime: '退房时间', breakfast: '早餐', parking: '停车', pets: '宠物', cancellation: '取消', wifi: '无线网络', children: '儿童',
  },
  hotel: '酒店', roomType: '房型', month: '月份', load: '查看', allotment: '房量', booked: '已订', price: '价格（元）', stopSell: '停售',
  noInventory: '未开放', night: '日期', editNight: '修改当晚', bulk: '批量修改', from: '开始日期', lastNight: '最后一晚', weekdays: '星期',
  weekdayNames: ['日', '一', '二', '三', '四', '五', '六'], unchanged: '不变', stop: '停售', open: '开售',
  bulkDone: '已更新 {n} 晚', csvExport: '导出 CSV', csvImport: '导入 CSV', dryRun: '预检', apply: '确认导入',
  dryRunResult: '预检通过：将新增 {created} 晚，更新 {updated} 晚（尚未写入）', importResult: '已导入：新增 {created} 晚，更新 {updated} 晚',
  rejected: '以下行被拒绝，未写入任何数据', line: '行', reason: '原因', pickFile: '请先选择 CSV 文件',
  code: '订单号', stay: '入住—离店', guest: '入住人', phone: '电话', status: '状态', total: '总价', created: '创建时间', rooms: '间数', guests: '人数',
  search: '搜索', query: '关键词（订单号/姓名/电话）', confirmHeld: '确认收款', cancel: '取消订单', confirmCancel: '确定取消订单 {code}？',
  statuses: { held: '保留中', confirmed: '已确认', cancelled: '已取消', expired: '已过期' },
  question: '问题', answer: '回答', scope: '适用范围', tenantWide: '全租户通用', locale: '语言', source: '来源', updated: '更新时间',
  addEntry: '添加条目', delete: '删除', confirmDelete: '确定删除这条知识？', newEntry: '新条目',
  outcome: '结果', channel: '渠道', lowConfidence: '低置信度', corrected: '已纠正', started: '开始时间', turns: '轮数',
  minConfidence: '最低置信度', guardHits: '拦截', handoffReason: '转人工原因', reservations: '订单', corrections: '纠正', more: '更多',
  outcomes: { booked: '已预订', handed_off: '转人工', abandoned: '未成交', open: '进行中' },
  transcript: '对话记录', author: '发送者', text: '内容', time: '时间', tools: '工具调用', arguments: '参数', result: '结果', error: '错误',
  confidence: '置信度', latency: '耗时', model: '模型', correct: '纠正此回答', correctionText: '正确的回答', toKnowledge: '同时加入知识库',
  correctionSaved: '纠正已保存', correctionToKb: '已加入知识库', pickConversation: '请从列表中选择一个对话',
  authors: { traveller: '旅客', bot: '机器人', agent: '客服', system: '系统' },
  bookings: '预订', roomNights: '间夜', revenue: '收入', cancellations: '取消', conversations: '对话', handoffs: '转人工',
  conversion: '预订转化率', handoffRate: '转人工率', occupancy: '各酒店入住率', handoffReasons: '转人工原因', count: '次数',
  day: '日期', bookingsChart: '每日预订与收入', conversationsChart: '每日对话与转人工', sold: '已售', available: '可售', rate: '入住率', to: '结束日期',
  errors: {
    allotment_below_booked: '房量不能低于已订数量', invalid_request: '输入有误', not_found: '未找到', forbidden: '无权限',
    unauthorized: '请重新登录', invalid_csv: 'CSV 有错误', conflict: '状态已变化，请刷新', not_cancellable: '该订单不能取消',
    invalid_credentials: '邮箱或密码不正确', rate_limited: '操作太频繁，请稍候',
  } as Record<string, string>,
};

/** A key of the text table. */
export type OperatorTexts = typeof zh;

/** Every text of the console, per language. */
export const OPERATOR_TEXTS: Record<PageLang, OperatorTexts> = {
  'zh-CN': zh,
  en: {
    title: 'Operator console', email: 'Email', password: 'Password', login: 'Log in', logout: 'Log out',
    loginFailed: 'Login failed: wrong email or password', other: '中文', otherLang: 'zh-CN', tenant: 'Tenant', pickTenant: 'Pick a tenant',
    tabHotels: 'Hotels', tabCalendar: 'Inventory', tabReservations: 'Reservations', tabKnowledge: 'Knowledge',
    tabConversations: 'Conversations', tabDashboard: 'Dashboard',
    name: 'Name', city: 'City', tier: 'Tier', address: 'Address', description: 'Description', amenities: 'Amenities (comma-separated)',
    photos: 'Photos (one URL a line)', policies: 'Policies', payment: 'Payment', atHotel: 'Pay at the hotel', prepay: 'Prepay',
    holdMinutes: 'Prepay hold (minutes)', cancelHours: 'Free cancellation (hours before check-in)',
    newHotel: 'New hotel', save: 'Save', saved: 'Saved', edit: 'Edit', prev: 'Previous', next: 'Next', none: 'None', all: 'All',
    roomTypes: 'Room types', capacity: 'Capacity', basePrice: 'Base price (¥)', addRoomType: 'Add room type', openCalendar: 'Calendar',
    tiers: { budget: 'Budget', comfort: 'Comfort', luxury: 'Luxury' },
    policyNames: {
      checkInTime: 'Check-in time', checkOutTime: 'Check-out time', breakfast: 'Breakfast', parking: 'Parking', pets: 'Pets',
      cancellation: 'Cancellation', wifi: 'Wi-Fi', children: 'Children',
    },
    hotel: 'Hotel', roomType: 'Room type', month: 'Month', load: 'Show', allotment: 'Rooms', booked: 'Booked', price: 'Price (¥)',
    stopSell: 'Stop-sell', noInventory: 'Closed', night: 'Night', editNight: 'Edit night', bulk: 'Bulk edit', from: 'From',
    lastNight: 'Last night', weekdays: 'Weekdays', weekdayNames: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    unchanged: 'Unchanged', stop: 'Stop-sell', open: 'On sale', bulkDone: '{n} nights updated', csvExport: 'Export CSV',
    csvImport: 'Import CSV', dryRun: 'Dry run', apply: 'Apply import',
    dryRunResult: 'Dry run passed: {created} nights to create, {updated} to update (nothing written yet)',
    importResult: 'Imported: {created} nights created, {updated} updated', rejected: 'These rows were rejected; nothing was written',
    line: 'Line', reason: 'Reason', pickFile: 'Choose a CSV file first',
    code: 'Code', stay: 'Stay', guest: 'Guest', phone: 'Phone', status: 'Status', total: 'Total', created: 'Created', rooms: 'Rooms',
    guests: 'Guests', search: 'Search', query: 'Code, name or phone', confirmHeld: 'Confirm payment', cancel: 'Cancel reservation',
    confirmCancel: 'Cancel reservation {code}?',
    statuses: { held: 'Held', confirmed: 'Confirmed', cancelled: 'Cancelled', expired: 'Expired' },
    question: 'Question', answer: 'Answer', scope: 'Scope', tenantWide: 'Whole tenant', locale: 'Language', source: 'Source',
    updated: 'Updated', addEntry: 'Add entry', delete: 'Delete', confirmDelete: 'Delete this entry?', newEntry: 'New entry',
    outcome: 'Outcome', channel: 'Channel', lowConfidence: 'Low confidence', corrected: 'Corrected', started: 'Started', turns: 'Turns',
    minConfidence: 'Min. confidence', guardHits: 'Guard hits', handoffReason: 'Handoff reason', reservations: 'Reservations',
    corrections: 'Corrections', more: 'More',
    outcomes: { booked: 'Booked', handed_off: 'Handed off', abandoned: 'Abandoned', open: 'Open' },
    transcript: 'Transcript', author: 'Author', text: 'Text', time: 'Time', tools: 'Tool calls', arguments: 'Arguments', result: 'Result',
    error: 'Error', confidence: 'Confidence', latency: 'Latency', model: 'Model', correct: 'Correct this answer',
    correctionText: 'The right answer', toKnowledge: 'Also add to the knowledge base', correctionSaved: 'Correction saved',
    correctionToKb: 'Added to the knowledge base', pickConversation: 'Pick a conversation in the list',
    authors: { traveller: 'Traveller', bot: 'Bot', agent: 'Agent', system: 'System' },
    bookings: 'Bookings', roomNights: 'Room nights', revenue: 'Revenue', cancellations: 'Cancellations', conversations: 'Conversations',
    handoffs: 'Handoffs', conversion: 'Booking conversion', handoffRate: 'Handoff rate', occupancy: 'Occupancy per hotel',
    handoffReasons: 'Handoff reasons', count: 'Count', day: 'Day', bookingsChart: 'Bookings and revenue per day',
    conversationsChart: 'Conversations and handoffs per day', sold: 'Sold', available: 'Available', rate: 'Rate', to: 'To',
    errors: {
      allotment_below_booked: 'The allotment cannot go below the rooms already booked', invalid_request: 'Invalid input',
      not_found: 'Not found', forbidden: 'Not allowed', unauthorized: 'Please log in again', invalid_csv: 'The CSV has errors',
      conflict: 'It changed meanwhile; reload', not_cancellable: 'This reservation cannot be cancelled',
      invalid_credentials: 'Wrong email or password', rate_limited: 'Too many attempts; wait a moment',
    },
  },
};

/** The policies the hotel form edits, in the order it shows them. */
export const POLICY_KEYS = ['checkInTime', 'checkOutTime', 'breakfast', 'parking', 'pets', 'cancellation', 'wifi', 'children'] as const;
